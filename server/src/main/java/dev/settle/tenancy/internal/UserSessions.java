package dev.settle.tenancy.internal;

import java.security.MessageDigest;
import java.time.Clock;
import java.util.Optional;

import org.springframework.stereotype.Component;

import dev.settle.shared.AuthenticationException;
import dev.settle.shared.PermissionException;
import dev.settle.tenancy.AccountId;
import dev.settle.tenancy.Tenant;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Authenticates a request by a dashboard session cookie instead of an API key: the session's user
 * acts in its account and the mode it signed in to, within its role. A request that changes
 * anything must also carry the session's CSRF token in {@code X-CSRF-Token} (the double-submit
 * token, also in the readable {@code settle_csrf} cookie), which another site cannot read nor send.
 */
@Component
class UserSessions {

    static final String SESSION_COOKIE = "settle_session";
    static final String CSRF_COOKIE = "settle_csrf";
    static final String CSRF_HEADER = "X-CSRF-Token";
    /** Request attribute: the session's token hash, for signing out. */
    static final String SESSION_ATTRIBUTE = "settle.session";
    static final String ROLE_ATTRIBUTE = "settle.role";

    private final SessionRepository sessions;
    private final KeyHasher hasher;
    private final Clock clock;

    UserSessions(SessionRepository sessions, KeyHasher hasher, Clock clock) {
        this.sessions = sessions;
        this.hasher = hasher;
        this.clock = clock;
    }

    /** Paths that take no credential at all: signing in, and accepting an invitation. */
    static boolean open(HttpServletRequest request) {
        String path = request.getRequestURI();
        return request.getMethod().equals("POST") && (path.equals("/v1/sessions") || path.equals("/v1/users/accept"));
    }

    /** False when the request has no session cookie (the caller then asks for an API key). */
    boolean authenticate(HttpServletRequest request) {
        Optional<String> token = cookie(request, SESSION_COOKIE);
        String uri = request.getRequestURI();
        if (token.isEmpty() || uri.equals("/v1/accounts") || uri.startsWith("/v1/accounts/")) {
            // The operator API takes the operator token only.
            return false;
        }
        SessionRepository.Live session = sessions.findLive(hasher.hash(token.get()), clock.instant())
                .orElseThrow(() -> new AuthenticationException("session_invalid", "This session has ended or expired; sign in again."));
        String method = request.getMethod();
        boolean changes = !(method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS"));
        if (changes) {
            String csrf = request.getHeader(CSRF_HEADER);
            if (csrf == null || !MessageDigest.isEqual(hasher.hash(csrf), session.csrfHash())) {
                throw new PermissionException("csrf_token_invalid", "A request signed in by cookie must send the session's CSRF "
                        + "token in the X-CSRF-Token header (it is in the settle_csrf cookie and the sign-in response).");
            }
        }
        String path = request.getRequestURI();
        if (path.equals(AuthenticationFilter.STREAM_PATH) || path.equals("/v1/stream_tokens")) {
            throw new PermissionException("api_key_required", "The event stream and its tokens are opened with an API key.");
        }
        if (!session.role().allows(method, path)) {
            throw new PermissionException("role_forbidden", "Your role (" + session.role().code() + ") does not allow " + method
                    + " " + path + ".");
        }
        request.setAttribute(Tenant.REQUEST_ATTRIBUTE, new Tenant(new AccountId(session.accountId()), session.livemode()));
        request.setAttribute(AuditEntries.USER_ATTRIBUTE, session.userId());
        request.setAttribute(ROLE_ATTRIBUTE, session.role());
        request.setAttribute(SESSION_ATTRIBUTE, session.tokenHash());
        return true;
    }

    static Optional<String> cookie(HttpServletRequest request, String name) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        for (Cookie cookie : cookies) {
            if (cookie.getName().equals(name) && !cookie.getValue().isBlank()) {
                return Optional.of(cookie.getValue());
            }
        }
        return Optional.empty();
    }
}
