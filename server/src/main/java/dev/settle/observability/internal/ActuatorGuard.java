package dev.settle.observability.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.settle.tenancy.OperatorCredentials;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code /actuator/*} answers only to the operator token ({@code Authorization: Bearer op_…}),
 * except {@code /actuator/health}, which load balancers call without one. The metrics name
 * accounts' volumes and the installation's internals: nothing for anonymous callers.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 15)
class ActuatorGuard extends OncePerRequestFilter {

    private final OperatorCredentials operator;

    ActuatorGuard(OperatorCredentials operator) {
        this.operator = operator;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !path.startsWith("/actuator") || path.equals("/actuator/health") || path.startsWith("/actuator/health/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) && operator.isOperatorToken(header.substring(7).trim())) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(401);
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"settle-operator\"");
        response.setContentType("application/problem+json");
        response.getOutputStream().write(("{\"type\":\"urn:settle:error:operator_token_invalid\",\"title\":\"Unauthorized\",\"status\":401,"
                + "\"detail\":\"The actuator endpoints need the operator token.\",\"code\":\"operator_token_invalid\"}")
                .getBytes(StandardCharsets.UTF_8));
    }
}
