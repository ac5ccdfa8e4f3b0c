package dev.settle.dashboard.internal;

import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;

import dev.settle.tenancy.OperatorSessions;
import dev.settle.tenancy.OperatorSessions.Operator;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Every dashboard page but sign-in needs a live session; every form post must carry the session's
 * CSRF token in {@code _csrf} (double submit: the page copies it from the {@code settle_csrf} cookie,
 * another site can read neither). Puts the {@link Operator} on the request.
 */
@Component
class SignedIn implements HandlerInterceptor {

    static final String ATTRIBUTE = "settle.dashboard.operator";
    static final String CSRF_FIELD = "_csrf";
    private static final Set<String> SAFE = Set.of("GET", "HEAD");

    private final OperatorSessions sessions;

    SignedIn(OperatorSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws Exception {
        var operator = sessions.find(request);
        if (operator.isEmpty()) {
            if (request.getHeader("HX-Request") != null) {
                response.setHeader("HX-Redirect", "/dashboard/sign-in");
                response.setStatus(401);
            } else {
                response.sendRedirect("/dashboard/sign-in");
            }
            return false;
        }
        if (!SAFE.contains(request.getMethod()) && !sessions.csrfValid(request, csrf(request))) {
            throw new Forbidden("This form's CSRF token is missing or not this session's. Reload the page and try again.");
        }
        request.setAttribute(ATTRIBUTE, operator.get());
        return true;
    }

    static @Nullable String csrf(HttpServletRequest request) {
        String field = request.getParameter(CSRF_FIELD);
        return field != null ? field : request.getHeader("X-CSRF-Token");
    }

    static Operator operator(HttpServletRequest request) {
        return (Operator) request.getAttribute(ATTRIBUTE);
    }
}
