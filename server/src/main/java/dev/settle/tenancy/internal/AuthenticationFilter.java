package dev.settle.tenancy.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.annotation.Order;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

import dev.settle.shared.AuthenticationException;
import dev.settle.shared.FilterOrder;
import dev.settle.shared.PermissionException;
import dev.settle.tenancy.AccountId;
import dev.settle.tenancy.ApiKeyId;
import dev.settle.tenancy.Tenant;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Authenticates every {@code /v1} request. The operator API ({@code /v1/accounts}) takes the
 * operator token; processor webhooks ({@code /v1/inbound}) are verified by signature instead;
 * everything else takes an account's API key as {@code Authorization: Bearer sk_…} (or as the
 * user name of HTTP Basic, as curl's {@code -u sk_test_…:} sends it) and is bound to that
 * account and mode.
 */
@Component
@Order(FilterOrder.AUTHENTICATION)
class AuthenticationFilter extends OncePerRequestFilter {

    static final String OPERATOR_ATTRIBUTE = "settle.operator";
    private static final Pattern KEY_SHAPE = Pattern.compile("^(sk|rk)_(test|live)_[0-9A-Za-z]{32}$");

    /** The event stream, which also takes a stream token ({@link StreamTokens}) for browsers. */
    static final String STREAM_PATH = "/v1/stream";
    static final String STREAM_TOKEN_PARAMETER = "stream_token";
    static final String STREAM_TOKEN_SUBPROTOCOL = "settle.token.";

    private final ApiKeys keys;
    private final TenancySecrets secrets;
    private final StreamTokens streamTokens;
    private final HandlerExceptionResolver errors;
    private final UserSessions sessions;

    AuthenticationFilter(ApiKeys keys, TenancySecrets secrets, StreamTokens streamTokens,
            @Qualifier("handlerExceptionResolver") HandlerExceptionResolver errors, UserSessions sessions) {
        this.sessions = sessions;
        this.keys = keys;
        this.secrets = secrets;
        this.streamTokens = streamTokens;
        this.errors = errors;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !path.startsWith("/v1/") || path.startsWith("/v1/inbound/") || UserSessions.open(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            authenticate(request);
        } catch (AuthenticationException | PermissionException e) {
            if (e instanceof AuthenticationException) {
                response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"settle\"");
            }
            errors.resolveException(request, response, null, e);
            return;
        } catch (TransientDataAccessException | CannotGetJdbcConnectionException e) {
            // The key lookup found no database in time: answer as the API does (503 problem+json), not as a servlet error.
            errors.resolveException(request, response, null, e);
            return;
        }
        chain.doFilter(request, response);
    }

    private void authenticate(HttpServletRequest request) {
        Optional<String> header = credential(request);
        if (header.isEmpty() && request.getRequestURI().equals(STREAM_PATH)) {
            Optional<String> token = streamToken(request);
            if (token.isPresent()) {
                StreamTokens.Redeemed redeemed = streamTokens.redeem(token.get());
                request.setAttribute(Tenant.REQUEST_ATTRIBUTE, redeemed.tenant());
                request.setAttribute(ApiKeyId.REQUEST_ATTRIBUTE, redeemed.key());
                return;
            }
        }
        if (header.isEmpty() && sessions.authenticate(request)) {
            return;
        }
        String credential = header
                .orElseThrow(() -> new AuthenticationException("api_key_missing",
                        "No API key provided. Send 'Authorization: Bearer sk_test_…'."));
        if (request.getRequestURI().equals("/v1/accounts") || request.getRequestURI().startsWith("/v1/accounts/")) {
            if (!MessageDigest.isEqual(credential.getBytes(StandardCharsets.UTF_8),
                    secrets.operatorToken().getBytes(StandardCharsets.UTF_8))) {
                throw new AuthenticationException("operator_token_invalid", "The operator API needs the operator token.");
            }
            request.setAttribute(OPERATOR_ATTRIBUTE, Boolean.TRUE);
            return;
        }
        if (!KEY_SHAPE.matcher(credential).matches()) {
            throw new AuthenticationException("api_key_malformed",
                    "Malformed API key. Keys look like sk_test_ followed by 32 letters and digits.");
        }
        ApiKey key = keys.findBySecret(credential)
                .orElseThrow(() -> new AuthenticationException("api_key_invalid", "Invalid API key provided."));
        if (key.isRevoked()) {
            throw new AuthenticationException("api_key_revoked", "This API key has been revoked.");
        }
        if (key.type() == ApiKey.Type.RESTRICTED
                && !Scopes.allows(key.scopes(), request.getMethod(), request.getRequestURI())) {
            throw new PermissionException("insufficient_scope", "This restricted key lacks the '"
                    + Scopes.requiredScope(request.getMethod(), request.getRequestURI()) + "' scope needed for this request.");
        }
        keys.recordUse(key);
        request.setAttribute(Tenant.REQUEST_ATTRIBUTE, new Tenant(new AccountId(key.accountId()), key.livemode()));
        request.setAttribute(ApiKeyId.REQUEST_ATTRIBUTE, new ApiKeyId(key.id()));
    }

    /** A stream token as {@code ?stream_token=…} or as the WebSocket subprotocol {@code settle.token.<token>}. */
    private static Optional<String> streamToken(HttpServletRequest request) {
        String parameter = request.getParameter(STREAM_TOKEN_PARAMETER);
        if (parameter != null && !parameter.isBlank()) {
            return Optional.of(parameter.trim());
        }
        var protocols = request.getHeaders("Sec-WebSocket-Protocol");
        while (protocols != null && protocols.hasMoreElements()) {
            for (String protocol : protocols.nextElement().split(",")) {
                if (protocol.trim().startsWith(STREAM_TOKEN_SUBPROTOCOL)) {
                    return Optional.of(protocol.trim().substring(STREAM_TOKEN_SUBPROTOCOL.length()));
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> credential(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.of(header.substring(7).trim());
        }
        if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.ofNullable(basicUser(header.substring(6).trim()));
        }
        throw new AuthenticationException("api_key_malformed", "Use 'Authorization: Bearer <key>'.");
    }

    private static @Nullable String basicUser(String encoded) {
        try {
            String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? decoded : decoded.substring(0, colon);
        } catch (IllegalArgumentException e) {
            throw new AuthenticationException("api_key_malformed", "Malformed Basic credentials.");
        }
    }
}
