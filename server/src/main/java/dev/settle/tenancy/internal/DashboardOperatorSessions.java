package dev.settle.tenancy.internal;

import java.security.MessageDigest;
import java.time.Clock;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.settle.shared.AuthenticationException;
import dev.settle.shared.PermissionException;
import dev.settle.tenancy.AccountId;
import dev.settle.tenancy.ApiKeyId;
import dev.settle.tenancy.OperatorSessions;
import dev.settle.tenancy.Tenant;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** {@link OperatorSessions} on the session store, roles and stream tokens that {@code /v1} uses. */
@Component
class DashboardOperatorSessions implements OperatorSessions {

    private final SessionRepository sessions;
    private final UserRepository users;
    private final KeyHasher hasher;
    private final SignIn signIn;
    private final StreamTokens streamTokens;
    private final UsersProperties properties;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final DashboardRelay relay;

    DashboardOperatorSessions(SessionRepository sessions, UserRepository users, KeyHasher hasher, SignIn signIn,
            StreamTokens streamTokens, UsersProperties properties, JdbcClient jdbc, Clock clock, DashboardRelay relay) {
        this.relay = relay;
        this.sessions = sessions;
        this.users = users;
        this.hasher = hasher;
        this.signIn = signIn;
        this.streamTokens = streamTokens;
        this.properties = properties;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public Optional<Operator> find(HttpServletRequest request) {
        return live(request).flatMap(session -> users.find(session.accountId(), session.userId())
                .map(user -> new Operator(new Tenant(new AccountId(session.accountId()), session.livemode()), user.id(),
                        user.email(), session.role().code())));
    }

    private Optional<SessionRepository.Live> live(HttpServletRequest request) {
        return UserSessions.cookie(request, UserSessions.SESSION_COOKIE)
                .flatMap(token -> sessions.findLive(hasher.hash(token), clock.instant()));
    }

    @Override
    public boolean allows(Operator operator, String method, String apiPath) {
        Role role = Role.of(operator.role());
        return role != null && role.allows(method, apiPath);
    }

    @Override
    public boolean csrfValid(HttpServletRequest request, @Nullable String token) {
        return token != null && live(request).map(session -> MessageDigest.isEqual(hasher.hash(token), session.csrfHash()))
                .orElse(false);
    }

    @Override
    public void switchMode(HttpServletRequest request, HttpServletResponse response, boolean livemode) {
        SessionRepository.Live current = live(request)
                .orElseThrow(() -> new AuthenticationException("session_invalid", "This session has ended or expired; sign in again."));
        SignIn.Session next = signIn.switchMode(current, livemode);
        long maxAge = properties.sessionTtl().toSeconds();
        response.addHeader(HttpHeaders.SET_COOKIE, SessionController.cookie(UserSessions.SESSION_COOKIE, next.token(), true, maxAge));
        response.addHeader(HttpHeaders.SET_COOKIE, SessionController.cookie(UserSessions.CSRF_COOKIE, next.csrfToken(), false, maxAge));
    }

    @Override
    public java.util.Map<String, String> relayHeaders(HttpServletRequest browser) {
        return relay.headers(browser);
    }

    private static final String NEWEST_SECRET_KEY = """
            SELECT id
            FROM tenancy_api_keys
            WHERE account_id = :account
              AND livemode = :livemode
              AND type = 'secret'
              AND revoked_at IS NULL
            ORDER BY created_at DESC
            LIMIT 1
            """;

    @Override
    public String streamToken(Operator operator) {
        String key = jdbc.sql(NEWEST_SECRET_KEY).param("account", operator.tenant().accountId())
                .param("livemode", operator.livemode()).query(String.class).optional()
                .orElseThrow(() -> new PermissionException("api_key_required",
                        "This account has no active secret key in this mode to open the event stream with."));
        return streamTokens.mint(operator.tenant(), new ApiKeyId(key)).token();
    }
}
