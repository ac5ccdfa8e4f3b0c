package dev.settle.support;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks that a response is an RFC 9457 problem with the expected status, code and param. */
public final class ProblemAssert {

    private ProblemAssert() {
    }

    public static void assertProblem(Api.Response response, int status, String code) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.header("Content-Type")).as("content type of " + response).startsWith("application/problem+json");
        assertThat(response.text("code")).as(response.toString()).isEqualTo(code);
        assertThat(response.text("request_id")).as("request_id").isNotBlank().isEqualTo(response.header("Request-Id"));
        assertThat(response.json().path("status").asInt()).isEqualTo(status);
    }

    public static void assertProblem(Api.Response response, int status, String code, String param) {
        assertProblem(response, status, code);
        assertThat(response.text("param")).as("param of " + response).isEqualTo(param);
    }
}
