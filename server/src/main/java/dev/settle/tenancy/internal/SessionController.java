package dev.settle.tenancy.internal;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.settle.shared.InvalidRequestException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code /v1/sessions}: dashboard sign-in and sign-out. The session token travels only in a
 * {@code Secure; HttpOnly; SameSite=Strict} cookie; the CSRF token in a readable cookie and the body.
 */
@RestController
@RequestMapping("/v1/sessions")
@Tag(name = "Sessions")
class SessionController {

    private final SignIn signIn;
    private final UsersProperties properties;

    SessionController(SignIn signIn, UsersProperties properties) {
        this.signIn = signIn;
        this.properties = properties;
    }

    record SignInRequest(@Nullable String email, @Nullable String password, @Nullable String totpCode, @Nullable Boolean livemode) {
    }

    record SessionView(String object, UserController.UserView user, boolean livemode, String csrfToken, long expiresAt) {
    }

    record SignedOutView(String object, boolean deleted) {
    }

    @PostMapping
    @Operation(operationId = "createSession", summary = "Sign in",
            description = "No API key: email, password, totp_code (once two-factor is on) and livemode (default false). Sets the "
                    + "settle_session cookie (Secure, HttpOnly, SameSite=Strict), which then authenticates /v1 requests as this "
                    + "user within its role, and the settle_csrf cookie; requests that change anything must send its value in "
                    + "X-CSRF-Token. Repeated failures lock the user out for a while.")
    SessionView create(@RequestBody SignInRequest request, HttpServletResponse response) {
        SignIn.Session session = signIn.signIn(request.email(), request.password(), request.totpCode(),
                Boolean.TRUE.equals(request.livemode()));
        long maxAge = properties.sessionTtl().toSeconds();
        response.addHeader(HttpHeaders.SET_COOKIE, cookie(UserSessions.SESSION_COOKIE, session.token(), true, maxAge));
        response.addHeader(HttpHeaders.SET_COOKIE, cookie(UserSessions.CSRF_COOKIE, session.csrfToken(), false, maxAge));
        return new SessionView("session", UserController.UserView.of(session.user()), session.livemode(), session.csrfToken(),
                session.expires().getEpochSecond());
    }

    @DeleteMapping
    @Operation(operationId = "deleteSession", summary = "Sign out", description = "Ends the session of the settle_session cookie.")
    SignedOutView delete(HttpServletRequest request, HttpServletResponse response) {
        if (!(request.getAttribute(UserSessions.SESSION_ATTRIBUTE) instanceof byte[] session)) {
            throw new InvalidRequestException("session_required", "Sign-out ends a session: send the settle_session cookie.", null);
        }
        signIn.signOut(session);
        response.addHeader(HttpHeaders.SET_COOKIE, cookie(UserSessions.SESSION_COOKIE, "", true, 0));
        response.addHeader(HttpHeaders.SET_COOKIE, cookie(UserSessions.CSRF_COOKIE, "", false, 0));
        return new SignedOutView("session", true);
    }

    static String cookie(String name, String value, boolean httpOnly, long maxAgeSeconds) {
        return ResponseCookie.from(name, value).path("/").secure(true).httpOnly(httpOnly).sameSite("Strict")
                .maxAge(maxAgeSeconds).build().toString();
    }
}
