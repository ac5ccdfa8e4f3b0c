package dev.settle.platform.internal;

import java.io.IOException;

import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.settle.platform.SettleProperties;
import dev.settle.shared.FilterOrder;
import dev.settle.shared.Ids;
import dev.settle.shared.RequestIds;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Gives every request an id, returned as {@code Request-Id} and carried in logs and error bodies;
 * and, when {@code settle.node-name} is set, names the node that answered in {@code Settle-Node}.
 */
@Component
@Order(FilterOrder.REQUEST_ID)
class RequestIdFilter extends OncePerRequestFilter {

    static final String NODE_HEADER = "Settle-Node";

    private final @Nullable String nodeName;

    RequestIdFilter(SettleProperties settle) {
        this.nodeName = settle.nodeName() == null || settle.nodeName().isBlank() ? null : settle.nodeName().strip();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String requestId = Ids.newId("req");
        request.setAttribute(RequestIds.ATTRIBUTE, requestId);
        response.setHeader(RequestIds.HEADER, requestId);
        if (nodeName != null) {
            response.setHeader(NODE_HEADER, nodeName);
        }
        MDC.put("request_id", requestId);
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove("request_id");
        }
    }
}
