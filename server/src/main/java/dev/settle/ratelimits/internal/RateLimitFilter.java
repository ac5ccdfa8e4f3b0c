package dev.settle.ratelimits.internal;

import java.io.IOException;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

import dev.settle.ratelimits.RateLimiter;
import dev.settle.shared.FilterOrder;
import dev.settle.shared.TooManyRequestsException;
import dev.settle.tenancy.ApiKeyId;
import dev.settle.tenancy.Tenant;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Runs after authentication: one bucket per API key, sized by its account's limit for the key's
 * mode; one per account and mode for its dashboard users' sessions; one bucket for the operator API. Every answer it lets through carries {@code RateLimit-Limit},
 * {@code RateLimit-Remaining} and {@code RateLimit-Reset}; a refused one is a 429 problem with
 * {@code Retry-After} as well. Requests that did not authenticate never reach it.
 */
@Component
@Order(FilterOrder.RATE_LIMIT)
class RateLimitFilter extends OncePerRequestFilter {

    static final String OPERATOR_BUCKET = "operator";
    static final String SESSIONS_BUCKET = "sessions:";

    private final RateLimiter limiter;
    private final AccountLimits limits;
    private final RateLimitProperties properties;
    private final HandlerExceptionResolver errors;

    RateLimitFilter(RateLimiter limiter, AccountLimits limits, RateLimitProperties properties,
            @Qualifier("handlerExceptionResolver") HandlerExceptionResolver errors) {
        this.limiter = limiter;
        this.limits = limits;
        this.properties = properties;
        this.errors = errors;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !properties.enabled() || !path.startsWith("/v1/") || path.startsWith("/v1/inbound/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        RateLimiter.Decision decision = decide(request);
        if (decision != null) {
            response.setHeader("RateLimit-Limit", Long.toString(decision.limit()));
            response.setHeader("RateLimit-Remaining", Long.toString(decision.remaining()));
            response.setHeader("RateLimit-Reset", Long.toString(seconds(decision.nanosToReset())));
            if (!decision.allowed()) {
                response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, seconds(decision.nanosToRetry()))));
                errors.resolveException(request, response, null, new TooManyRequestsException("rate_limit_exceeded",
                        "Too many requests with this key: the limit is " + decision.limit()
                                + " a second. Retry after the Retry-After header's seconds."));
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private RateLimiter.@Nullable Decision decide(HttpServletRequest request) {
        if (request.getAttribute(Tenant.REQUEST_ATTRIBUTE) instanceof Tenant tenant
                && request.getAttribute(ApiKeyId.REQUEST_ATTRIBUTE) instanceof ApiKeyId key) {
            return limiter.tryAcquire(key.value(), limits.perSecond(tenant));
        }
        if (request.getAttribute(Tenant.REQUEST_ATTRIBUTE) instanceof Tenant tenant) {
            // Signed in with a dashboard session, not a key: the account's users share one bucket per mode.
            return limiter.tryAcquire(SESSIONS_BUCKET + tenant.accountId() + (tenant.livemode() ? ":live" : ":test"),
                    limits.perSecond(tenant));
        }
        String path = request.getRequestURI();
        if (path.equals("/v1/accounts") || path.startsWith("/v1/accounts/")) {
            return limiter.tryAcquire(OPERATOR_BUCKET, properties.operator());
        }
        return null;
    }

    private static long seconds(long nanos) {
        return (nanos + 999_999_999L) / 1_000_000_000L;
    }
}
