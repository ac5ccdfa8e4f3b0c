package dev.settle.tenancy;

import java.util.Optional;

import org.jspecify.annotations.Nullable;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The dashboard's view of a signed-in user: the same {@code settle_session} cookie, CSRF token and
 * roles that authenticate {@code /v1} requests made by cookie (docs/security.md), so pages served
 * outside {@code /v1} enforce exactly what the API enforces. Signing in itself goes through
 * {@code POST /v1/sessions} (password, two-factor and lockout live there only).
 */
public interface OperatorSessions {

    /** A live session: whose it is, the tenant it acts for (its account and mode) and the user's role code. */
    record Operator(Tenant tenant, String userId, String email, String role) {

        public boolean livemode() {
            return tenant.livemode();
        }
    }

    /** The live session of this request's cookie, if any. */
    Optional<Operator> find(HttpServletRequest request);

    /** Whether the operator's role may make this API request (the rule {@code /v1} applies to cookie requests). */
    boolean allows(Operator operator, String method, String apiPath);

    /** Whether {@code token} is the CSRF token of the request's session (the double-submit value). */
    boolean csrfValid(HttpServletRequest request, @Nullable String token);

    /**
     * Ends this session and starts one for the same user in the other mode, setting the new cookies on
     * {@code response}. The test/live switch of the dashboard.
     */
    void switchMode(HttpServletRequest request, HttpServletResponse response, boolean livemode);

    /**
     * Headers for the API requests the dashboard makes for this browser request, so the API's audit log
     * records the browser's address rather than the node's own.
     */
    java.util.Map<String, String> relayHeaders(HttpServletRequest browser);

    /**
     * A one-time stream token for the operator's account and mode, minted against the account's newest
     * active secret key of that mode (the page gets the token, never a key).
     */
    String streamToken(Operator operator);
}
