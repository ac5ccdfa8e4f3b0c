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

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.util.ContentCachingResponseWrapper;

import dev.settle.idempotency.IdempotentRequests;
import dev.settle.idempotency.RecoverableResource;
import dev.settle.platform.SecretBox;
import dev.settle.shared.ConflictException;
import dev.settle.shared.FilterOrder;
import dev.settle.shared.InvalidRequestException;
import dev.settle.shared.RawBody;
import dev.settle.shared.RequestIds;
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
 * <li>The request runs at once, with no claim made in advance. Its key is written with the
 *     first work it commits, in that work's transaction ({@link ClaimWriter}): a request whose
 *     work is one transaction stores its response in it; a request that commits work before
 *     it finishes (a payment's phases) binds the key to that work's object as it commits
 *     ({@link IdempotentRequests#bind}), and stores its answer with its last step. Did the work
 *     and remembered the answer commit together or not at all.</li>
 * <li>If the key was taken meanwhile, by an earlier or a concurrent request, that commit fails
 *     and rolls back all it held; the request then answers as the key's row says: the stored
 *     response replayed, 409 while the first request is still in flight, 422 for other
 *     parameters. Of N concurrent duplicates, exactly one commits its work.</li>
 * <li>A request whose key is bound to committed work and that then died is not run again:
 *     once its lease has ended, the retry answers with that work's object as it now stands.</li>
 * <li>A 4xx rolls back the request's writes but is still remembered (errors replay too);
 *     a 5xx leaves a key that committed nothing free, so the client may retry.</li>
 * </ol>
 */
@Component
@Order(FilterOrder.IDEMPOTENCY)
class IdempotencyFilter extends OncePerRequestFilter {

    static final String HEADER = "Idempotency-Key";
    static final String REPLAYED_HEADER = "Idempotent-Replayed";

    private final IdempotencyStore store;
    private final ClaimWriter claims;
    private final IdempotencyProperties properties;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final HandlerExceptionResolver errors;
    private final Map<String, RecoverableResource> resources;
    private final JsonMapper json;
    private final MeterRegistry registry;

    IdempotencyFilter(IdempotencyStore store, ClaimWriter claims, IdempotencyProperties properties, TransactionTemplate transactions,
            Clock clock, @Qualifier("handlerExceptionResolver") HandlerExceptionResolver errors, List<RecoverableResource> resources,
            JsonMapper json, MeterRegistry registry) {
        this.registry = registry;
        this.resources = resources.stream().collect(Collectors.toMap(RecoverableResource::type, Function.identity()));
        this.json = json;
        this.store = store;
        this.claims = claims;
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
            Instant now = clock.instant();
            Claim claim = new Claim(tenant, key, fingerprint(request), now, now.plus(properties.lease()));
            if (!execute(claim, request, response, chain)) {
                answerAsTheKeySays(claim, request, response, chain);
            }
        } catch (InvalidRequestException | ConflictException | UnprocessableException | TransientDataAccessException
                | CannotGetJdbcConnectionException e) {
            if (e instanceof ConflictException || e instanceof UnprocessableException) {
                registry.counter("settle.idempotency.conflicts", "code", ((dev.settle.shared.ApiException) e).code()).increment();
            }
            errors.resolveException(request, response, null, e);
        }
    }

    /**
     * Runs the request under {@code claim}; false, with nothing written to the client, when the
     * key turned out to be taken: the caller then answers as the key's row says.
     */
    private boolean execute(Claim claim, HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException {
        ContentCachingResponseWrapper captured = new ContentCachingResponseWrapper(response);
        request.setAttribute(IdempotentRequests.CLAIM_ATTRIBUTE, claim);
        try {
            transactions.executeWithoutResult(status -> {
                try {
                    chain.doFilter(request, captured);
                } catch (IOException | ServletException e) {
                    throw new IllegalStateException(e);
                }
                if (captured.getStatus() >= 400) {
                    status.setRollbackOnly();
                } else if (claim.state() != Claim.State.COMPLETED) {
                    claims.complete(claim, stored(captured, request));
                }
            });
        } catch (DataIntegrityViolationException refused) {
            // The commit was refused and rolled back; if the key's row is there, another request wrote it first.
            if (claim.state() == Claim.State.NEW && store.find(claim.tenant(), claim.key()).isPresent()) {
                discard(captured, response);
                return false;
            }
            release(claim);
            throw refused;
        } catch (RuntimeException e) {
            release(claim);
            throw e;
        }
        if (captured.getStatus() >= 400 && !settleError(claim, captured, request)) {
            discard(captured, response);
            return false;
        }
        captured.copyBodyToResponse();
        return true;
    }

    /**
     * After an error answer: a 4xx is remembered, a 5xx frees the key. False when the key's row
     * was written by another request, whose answer then stands (this error may even come from
     * that: its work changed what this request found).
     */
    private boolean settleError(Claim claim, ContentCachingResponseWrapper captured, HttpServletRequest request) {
        Instant now = clock.instant();
        if (captured.getStatus() >= 500) {
            if (claim.state() == Claim.State.NEW) {
                return store.find(claim.tenant(), claim.key()).isEmpty();
            }
            release(claim);
            return true;
        }
        if (claim.state() == Claim.State.NEW) {
            return store.insertCompletedIfAbsent(claim, stored(captured, request), now);
        }
        if (claim.state() == Claim.State.RECORDED) {
            store.completeNow(claim.tenant(), claim.key(), stored(captured, request), now);
        }
        return true;
    }

    private void release(Claim claim) {
        if (claim.state() == Claim.State.RECORDED) {
            store.release(claim.tenant(), claim.key(), clock.instant());
        }
    }

    /** The key's row exists and is not this request's: replay it, refuse, or take over an abandoned one. */
    private void answerAsTheKeySays(Claim claim, HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException {
        IdempotencyStore.Row existing = store.find(claim.tenant(), claim.key())
                .orElseThrow(() -> new ConflictException("idempotency_key_in_use",
                        "A request with this Idempotency-Key is being processed; retry shortly.", HEADER));
        if (!existing.fingerprint().matches(claim.fingerprint())) {
            throw new UnprocessableException("idempotency_key_reused",
                    "This Idempotency-Key was already used with other parameters (" + existing.fingerprint().method() + " "
                            + existing.fingerprint().path() + "). Use a new key for a new request.",
                    HEADER);
        }
        if (existing.completed() && existing.response() != null) {
            replay(existing.response(), response);
            return;
        }
        Instant now = clock.instant();
        if (!store.takeOverExpired(claim.tenant(), claim.key(), now, now.plus(properties.lease()))) {
            throw new ConflictException("idempotency_key_in_use",
                    "A request with this Idempotency-Key is still being processed; retry shortly.", HEADER);
        }
        claim.state(Claim.State.RECORDED);
        if (existing.resourceType() != null && existing.resourceId() != null) {
            recover(claim, existing.resourceType(), existing.resourceId(), response);
        } else if (!execute(claim, request, response, chain)) {
            throw new ConflictException("idempotency_key_in_use",
                    "A request with this Idempotency-Key is being processed; retry shortly.", HEADER);
        }
    }

    /**
     * The first request with this key died after committing work bound to an object: answer
     * with that object as it stands, and remember that answer, rather than run the work again.
     */
    private void recover(Claim claim, String type, String id, HttpServletResponse response) throws IOException {
        RecoverableResource resource = resources.get(type);
        if (resource == null) {
            throw new IllegalStateException("No RecoverableResource for type " + type);
        }
        IdempotencyStore.StoredResponse stored =
                IdempotencyStore.StoredResponse.ok(json.writeValueAsBytes(resource.current(claim.tenant(), id)));
        store.completeNow(claim.tenant(), claim.key(), stored, clock.instant());
        replay(stored, response);
    }

    /** Forgets what this request would have answered (nothing has reached the client yet), keeping its request id. */
    private static void discard(ContentCachingResponseWrapper captured, HttpServletResponse response) {
        String requestId = response.getHeader(RequestIds.HEADER);
        captured.resetBuffer();
        response.reset();
        if (requestId != null) {
            response.setHeader(RequestIds.HEADER, requestId);
        }
    }

    private static IdempotencyStore.StoredResponse stored(ContentCachingResponseWrapper captured, HttpServletRequest request) {
        return new IdempotencyStore.StoredResponse(captured.getStatus(), captured.getContentType(), captured.getContentAsByteArray(),
                SecretBox.showsSecret(request));
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
