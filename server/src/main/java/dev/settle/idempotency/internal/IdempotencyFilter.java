package dev.settle.idempotency.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.annotation.Order;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.util.ContentCachingResponseWrapper;

import dev.settle.idempotency.IdempotentRequests;
import dev.settle.idempotency.RecoverableResource;
import dev.settle.shared.ConflictException;
import dev.settle.shared.FilterOrder;
import dev.settle.shared.InvalidRequestException;
import dev.settle.shared.RawBody;
import dev.settle.shared.UnprocessableException;
import dev.settle.tenancy.Tenant;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * Makes every account-scoped POST idempotent when it carries {@code Idempotency-Key}.
 *
 * <ol>
 * <li>Claim the key in its own committed statement ({@code in_flight} with a lease). Of N
 *     concurrent duplicates exactly one claims it; the others see the row.</li>
 * <li>Run the request inside one transaction and store its response in that same
 *     transaction, so "did the work" and "remembered the answer" commit together or not at
 *     all. A crash in between leaves only the claim, whose lease then expires.</li>
 * <li>A request that commits work before it finishes (a payment's phases) binds the key to
 *     that work's object as it commits ({@link IdempotentRequests#bind}). If it then dies, the
 *     retry does not run again: it answers with that object as it now stands.</li>
 * <li>A 4xx rolls back the request's writes but is still remembered (errors replay too);
 *     a 5xx releases the key so the client may retry.</li>
 * </ol>
 */
@Component
@Order(FilterOrder.IDEMPOTENCY)
class IdempotencyFilter extends OncePerRequestFilter {

    static final String HEADER = "Idempotency-Key";
    static final String REPLAYED_HEADER = "Idempotent-Replayed";

    private final IdempotencyStore store;
    private final IdempotencyProperties properties;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final HandlerExceptionResolver errors;
    private final Map<String, RecoverableResource> resources;
    private final JsonMapper json;

    IdempotencyFilter(IdempotencyStore store, IdempotencyProperties properties, TransactionTemplate transactions, Clock clock,
            @Qualifier("handlerExceptionResolver") HandlerExceptionResolver errors, List<RecoverableResource> resources,
            JsonMapper json) {
        this.resources = resources.stream().collect(Collectors.toMap(RecoverableResource::type, Function.identity()));
        this.json = json;
        this.store = store;
        this.properties = properties;
        this.transactions = transactions;
        this.clock = clock;
        this.errors = errors;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getMethod().equals("POST") || request.getAttribute(Tenant.REQUEST_ATTRIBUTE) == null
                || request.getHeader(HEADER) == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Tenant tenant = (Tenant) request.getAttribute(Tenant.REQUEST_ATTRIBUTE);
        String key = request.getHeader(HEADER);
        try {
            checkKey(key);
            IdempotencyStore.Fingerprint fingerprint = fingerprint(request);
            Instant now = clock.instant();
            Instant lease = now.plus(properties.lease());
            if (store.claim(tenant, key, fingerprint, now, lease)) {
                execute(tenant, key, request, response, chain);
                return;
            }
            IdempotencyStore.Row existing = store.find(tenant, key)
                    .orElseThrow(() -> new ConflictException("idempotency_key_in_use",
                            "A request with this Idempotency-Key is being processed; retry shortly.", HEADER));
            if (!existing.fingerprint().matches(fingerprint)) {
                throw new UnprocessableException("idempotency_key_reused",
                        "This Idempotency-Key was already used with other parameters (" + existing.fingerprint().method() + " "
                                + existing.fingerprint().path() + "). Use a new key for a new request.",
                        HEADER);
            }
            if (existing.completed() && existing.response() != null) {
                replay(existing.response(), response);
                return;
            }
            if (store.takeOverExpired(tenant, key, now, lease)) {
                IdempotencyStore.Row current = store.find(tenant, key).orElseThrow();
                if (current.resourceType() != null && current.resourceId() != null) {
                    recover(tenant, key, current.resourceType(), current.resourceId(), response);
                } else {
                    execute(tenant, key, request, response, chain);
                }
                return;
            }
            throw new ConflictException("idempotency_key_in_use",
                    "A request with this Idempotency-Key is still being processed; retry shortly.", HEADER);
        } catch (InvalidRequestException | ConflictException | UnprocessableException | TransientDataAccessException
                | CannotGetJdbcConnectionException e) {
            errors.resolveException(request, response, null, e);
        }
    }

    private void execute(Tenant tenant, String key, HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException {
        ContentCachingResponseWrapper captured = new ContentCachingResponseWrapper(response);
        request.setAttribute(IdempotentRequests.CLAIM_ATTRIBUTE, new IdempotencyStore.Claim(tenant, key));
        try {
            transactions.executeWithoutResult(status -> {
                try {
                    chain.doFilter(request, captured);
                } catch (IOException | ServletException e) {
                    throw new IllegalStateException(e);
                }
                if (captured.getStatus() >= 400) {
                    status.setRollbackOnly();
                } else if (request.getAttribute(IdempotentRequests.COMPLETED_ATTRIBUTE) == null) {
                    store.complete(tenant, key, stored(captured), clock.instant());
                }
            });
            if (captured.getStatus() >= 500) {
                store.release(tenant, key, clock.instant());
            } else if (captured.getStatus() >= 400) {
                store.complete(tenant, key, stored(captured), clock.instant());
            }
        } catch (RuntimeException e) {
            store.release(tenant, key, clock.instant());
            throw e;
        }
        captured.copyBodyToResponse();
    }

    /**
     * The first request with this key died after committing work bound to an object: answer
     * with that object as it stands, and remember that answer, rather than run the work again.
     */
    private void recover(Tenant tenant, String key, String type, String id, HttpServletResponse response) throws IOException {
        RecoverableResource resource = resources.get(type);
        if (resource == null) {
            throw new IllegalStateException("No RecoverableResource for type " + type);
        }
        IdempotencyStore.StoredResponse stored =
                IdempotencyStore.StoredResponse.ok(json.writeValueAsBytes(resource.current(tenant, id)));
        store.complete(tenant, key, stored, clock.instant());
        replay(stored, response);
    }

    private static IdempotencyStore.StoredResponse stored(ContentCachingResponseWrapper captured) {
        return new IdempotencyStore.StoredResponse(captured.getStatus(), captured.getContentType(), captured.getContentAsByteArray());
    }

    private static void replay(IdempotencyStore.StoredResponse stored, HttpServletResponse response) throws IOException {
        response.setStatus(stored.status());
        if (stored.contentType() != null) {
            response.setContentType(stored.contentType());
        }
        response.setHeader(REPLAYED_HEADER, "true");
        response.setContentLength(stored.body().length);
        response.getOutputStream().write(stored.body());
    }

    private static void checkKey(String key) {
        if (key.isEmpty() || key.length() > 255 || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw new InvalidRequestException("idempotency_key_invalid",
                    "Idempotency-Key must be 1 to 255 printable ASCII characters without spaces.", HEADER);
        }
    }

    /** Method, path (with query) and a SHA-256 of the exact body bytes. */
    private static IdempotencyStore.Fingerprint fingerprint(HttpServletRequest request) {
        String path = request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(request.getMethod().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) ' ');
            digest.update(path.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) '\n');
            digest.update(RawBody.of(request));
            return new IdempotencyStore.Fingerprint(request.getMethod(), path, digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
