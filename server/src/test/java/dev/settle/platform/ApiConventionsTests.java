package dev.settle.platform;

import static dev.settle.support.ProblemAssert.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.settle.support.Api;
import dev.settle.support.SettleTest;

@SettleTest
class ApiConventionsTests {

    @Autowired
    Api api;

    @Test
    void everyResponseCarriesARequestId() {
        Api.Account account = api.newAccount();
        assertThat(api.get("/v1/customers", account.testKey()).header("Request-Id")).startsWith("req_");
        assertThat(api.get("/v1/customers", null).header("Request-Id")).startsWith("req_");
        assertThat(api.get("/v1/nothing_here", account.testKey()).header("Request-Id")).startsWith("req_");
        assertThat(api.get("/actuator/health", null).header("Request-Id")).startsWith("req_");
    }

    @Test
    void unknownRoutesAndMethodsAreProblems() {
        Api.Account account = api.newAccount();
        assertProblem(api.get("/v1/nothing_here", account.testKey()), 404, "route_not_found");
        assertProblem(api.send("PUT", "/v1/customers", account.testKey(), "{}", Map.of()), 405, "method_not_allowed");
    }

    @Test
    void healthHasLivenessAndReadiness() {
        assertThat(api.get("/actuator/health", null).text("status")).isEqualTo("UP");
        assertThat(api.get("/actuator/health/liveness", null).text("status")).isEqualTo("UP");
        assertThat(api.get("/actuator/health/readiness", null).text("status")).isEqualTo("UP");
    }

    @Test
    void openApiAndSwaggerUiAreServed() {
        Api.Response docs = api.get("/v3/api-docs", null);
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.json().path("openapi").asString()).startsWith("3.1");
        assertThat(docs.json().path("paths").has("/v1/customers")).isTrue();
        assertThat(api.get("/docs", null).status()).isIn(200, 302);
        assertThat(api.get("/swagger-ui/index.html", null).status()).isEqualTo(200);
    }
}
