package dev.settle.platform.internal;

import java.io.IOException;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

import dev.settle.shared.FilterOrder;
import dev.settle.shared.InvalidRequestException;
import dev.settle.shared.RawBody;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Refuses a NUL character (U+0000) anywhere in the body's strings or in a query parameter, once
 * for every route: PostgreSQL cannot store it in text, so it would otherwise fail deep in a write
 * as a 500. The body check costs one scan of bytes already read by {@link BodyLimitFilter}; only a
 * body that holds a NUL (or the six characters of its JSON escape) is parsed to name the field.
 * A NUL in the path is refused by the servlet container ({@link ContainerErrorValve}).
 */
@Component
@Order(FilterOrder.NUL_CHARACTERS)
class NulCharacterFilter extends OncePerRequestFilter {

    private final HandlerExceptionResolver errors;

    NulCharacterFilter(@Qualifier("handlerExceptionResolver") HandlerExceptionResolver errors) {
        this.errors = errors;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        InvalidRequestException refused = inQuery(request);
        if (refused == null && request.getAttribute(RawBody.ATTRIBUTE) instanceof byte[] body && NulInJson.mayHold(body)) {
            refused = NulInJson.find(body);
        }
        if (refused != null) {
            errors.resolveException(request, response, null, refused);
            return;
        }
        chain.doFilter(request, response);
    }

    private static @Nullable InvalidRequestException inQuery(HttpServletRequest request) {
        String query = request.getQueryString();
        if (query == null || !query.contains("%00")) {
            return null;
        }
        for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
            boolean nul = parameter.getKey().indexOf('\0') >= 0;
            for (String value : parameter.getValue()) {
                nul |= value.indexOf('\0') >= 0;
            }
            if (nul) {
                String name = parameter.getKey().replace("\0", "");
                return InvalidRequestException.invalidParam(name, NulInJson.DETAIL.formatted(name));
            }
        }
        return null;
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return true;
    }
}
