package dev.settle.dashboard.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import jakarta.servlet.http.HttpServletRequest;

/** The owner's pages: users (invite, change a role) and the audit log. Other roles get 403, as from the API's writes. */
@Controller
class AdminPages {

    private final ApiCalls api;
    private final Roles roles;

    AdminPages(ApiCalls api, Roles roles) {
        this.api = api;
        this.roles = roles;
    }

    @GetMapping("/dashboard/users")
    String users(HttpServletRequest request, Model model) {
        roles.require(SignedIn.operator(request), "POST", "/v1/users");
        model.addAttribute("users", ApiCalls.data(api.get(request, "/v1/users", Map.of("limit", "100"))));
        return "dashboard/users";
    }

    @PostMapping("/dashboard/users")
    String invite(@RequestParam(required = false) @Nullable String email, @RequestParam(required = false) @Nullable String role,
            HttpServletRequest request, Model model) {
        roles.require(SignedIn.operator(request), "POST", "/v1/users");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("email", email == null ? "" : email.trim());
        body.put("role", role == null ? "" : role);
        try {
            Map<String, Object> invited = api.post(request, "/v1/users", body, String.valueOf(SignedIn.csrf(request)), null);
            model.addAttribute("inviteToken", invited.get("invite_token"));
            model.addAttribute("invited", invited.get("email"));
        } catch (ApiProblem e) {
            if (e.status() >= 500) {
                throw e;
            }
            FormErrors.show(model, e.param(), e.getMessage(), "email", "role");
            model.addAttribute("formEmail", email == null ? "" : email);
        }
        return users(request, model);
    }

    @PostMapping("/dashboard/users/{id}")
    String changeRole(@PathVariable String id, @RequestParam String role, HttpServletRequest request, Model model) {
        roles.require(SignedIn.operator(request), "POST", "/v1/users/" + id);
        try {
            api.post(request, "/v1/users/" + id, Map.of("role", role), String.valueOf(SignedIn.csrf(request)), null);
        } catch (ApiProblem e) {
            if (e.status() >= 500) {
                throw e;
            }
            // A row's role select: the error goes above the table, naming the user.
            FormErrors.show(model, null, "Could not change the role of " + id + ": " + e.getMessage());
        }
        return users(request, model);
    }

    @GetMapping("/dashboard/audit")
    String audit(HttpServletRequest request, Model model, @RequestParam(name = "starting_after", required = false) @Nullable String after) {
        roles.require(SignedIn.operator(request), "POST", "/v1/users");
        Map<String, @Nullable String> query = new LinkedHashMap<>();
        query.put("limit", "50");
        query.put("starting_after", after);
        Map<String, Object> page = api.get(request, "/v1/audit_log", query);
        var rows = ApiCalls.data(page);
        model.addAttribute("entries", rows);
        model.addAttribute("next", Boolean.TRUE.equals(page.get("has_more")) && !rows.isEmpty() ? rows.getLast().get("id") : null);
        return "dashboard/audit";
    }
}
