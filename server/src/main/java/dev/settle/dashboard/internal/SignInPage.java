package dev.settle.dashboard.internal;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.settle.shared.Ids;
import dev.settle.tenancy.OperatorSessions;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Sign-in, sign-out and the test/live switch. Signing in is {@code POST /v1/sessions} itself
 * (password, two-factor and lockout are the API's); its session and CSRF cookies are passed on to
 * the browser. The sign-in form carries its own double-submit token, since there is no session yet.
 */
@Controller
class SignInPage {

    static final String SIGN_IN_CSRF_COOKIE = "settle_sign_in";

    private final ApiCalls api;
    private final OperatorSessions sessions;

    SignInPage(ApiCalls api, OperatorSessions sessions) {
        this.api = api;
        this.sessions = sessions;
    }

    @GetMapping("/dashboard/sign-in")
    String form(HttpServletResponse response, Model model) {
        return render(response, model, null, null, false, false);
    }

    @PostMapping("/dashboard/sign-in")
    String signIn(@RequestParam(required = false) @Nullable String email, @RequestParam(required = false) @Nullable String password,
            @RequestParam(name = "totp_code", required = false) @Nullable String totpCode,
            @RequestParam(required = false) @Nullable String mode, @RequestParam(name = "_csrf", required = false) @Nullable String csrf,
            HttpServletRequest request, HttpServletResponse response, Model model) {
        boolean live = "live".equals(mode);
        if (csrf == null || !csrf.equals(cookie(request, SIGN_IN_CSRF_COOKIE))) {
            response.setStatus(403);
            return render(response, model, email, "The sign-in form expired. Try again.", false, live);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("email", email == null ? "" : email);
        body.put("password", password == null ? "" : password);
        if (totpCode != null && !totpCode.isBlank()) {
            body.put("totp_code", totpCode.trim());
        }
        body.put("livemode", live);
        HttpResponse<String> answer = api.postAnonymous(request, "/v1/sessions", body);
        if (answer.statusCode() != 200) {
            ApiProblem problem = ApiCalls.problem(answer.statusCode(), api.parse(answer.body()));
            response.setStatus(answer.statusCode() == 429 ? 429 : 401);
            return render(response, model, email, problem.getMessage(), "totp_required".equals(problem.code()) || totpCode != null, live);
        }
        answer.headers().allValues(HttpHeaders.SET_COOKIE).forEach(c -> response.addHeader(HttpHeaders.SET_COOKIE, c));
        return "redirect:/dashboard";
    }

    @PostMapping("/dashboard/sign-out")
    String signOut(HttpServletRequest request, HttpServletResponse response) {
        api.delete(request, "/v1/sessions", String.valueOf(SignedIn.csrf(request)));
        for (String name : new String[] {"settle_session", "settle_csrf"}) {
            response.addHeader(HttpHeaders.SET_COOKIE, ResponseCookie.from(name, "").path("/").secure(true)
                    .httpOnly(name.equals("settle_session")).sameSite("Strict").maxAge(0).build().toString());
        }
        return "redirect:/dashboard/sign-in";
    }

    /** The test/live switch: a new session for the same user in the other mode. */
    @PostMapping("/dashboard/mode")
    String mode(@RequestParam String mode, HttpServletRequest request, HttpServletResponse response) {
        sessions.switchMode(request, response, "live".equals(mode));
        return "redirect:/dashboard";
    }

    private String render(HttpServletResponse response, Model model, @Nullable String email, @Nullable String error, boolean totp,
            boolean live) {
        String token = Ids.randomBase62(32);
        response.addHeader(HttpHeaders.SET_COOKIE, ResponseCookie.from(SIGN_IN_CSRF_COOKIE, token).path("/dashboard").secure(true)
                .httpOnly(true).sameSite("Strict").maxAge(3600).build().toString());
        model.addAttribute("signInCsrf", token);
        model.addAttribute("email", email == null ? "" : email);
        model.addAttribute("error", error);
        model.addAttribute("totp", totp);
        model.addAttribute("live", live);
        return "dashboard/sign-in";
    }

    private static @Nullable String cookie(HttpServletRequest request, String name) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (cookie.getName().equals(name)) {
                    return cookie.getValue();
                }
            }
        }
        return null;
    }
}
