package dev.settle.platform.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.mock.web.MockHttpServletRequest;

/** A database that cannot serve a request in time is an overload, answered 503 with Retry-After, not a 500. */
class OverloadProblemTests {

    private final ApiExceptionHandler handler = new ApiExceptionHandler();

    @Test
    void aPoolTimeoutIsA503ProblemWithRetryAfter() {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/v1/customers");
        ResponseEntity<ProblemDetail> answer = handler.overloaded(new TransientDataAccessResourceException("pool",
                new SQLTransientConnectionException("settle - Connection is not available, request timed out after 10000ms")), request);

        assertThat(answer.getStatusCode().value()).isEqualTo(503);
        assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
        assertThat(answer.getHeaders().getContentType()).hasToString("application/problem+json");
        assertThat(answer.getBody().getProperties()).containsEntry("code", "service_unavailable");
        assertThat(answer.getBody().getDetail()).doesNotContain("Connection is not available");
    }

    @Test
    void noConnectionAtAllIsTheSame() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/v1/balance");
        ResponseEntity<ProblemDetail> answer = handler.overloaded(new CannotGetJdbcConnectionException("down"), request);
        assertThat(answer.getStatusCode().value()).isEqualTo(503);
    }
}
