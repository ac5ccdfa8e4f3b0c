package dev.settle.dashboard.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.settle.tenancy.KeyScopes;
import dev.settle.tenancy.OperatorSessions.Operator;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Developers → API keys: this mode's keys (redacted), a restricted key made from scope checkboxes
 * ({@code POST /v1/api_keys}, its secret shown on the answering page only) and revoking one. The
 * form offers a write scope only where the user's role may write, as the API grants no more.
 */
@Controller
class ApiKeyPages {

    private static final String KEYS = "/v1/api_keys";

    private final ApiCalls api;
    private final Roles roles;

    ApiKeyPages(ApiCalls api, Roles roles) {
        this.api = api;
        this.roles = roles;
    }

    /** One row of the scope checkboxes: the resource, and whether this user may grant writing it. */
    public record ScopeOption(String resource, boolean writable) {
    }

    @GetMapping("/dashboard/developers/api_keys")
    String keys(HttpServletRequest request, Model model) {
        Operator operator = SignedIn.operator(request);
        model.addAttribute("keys", ApiCalls.data(api.get(request, KEYS, Map.of("limit", "100"))));
        model.addAttribute("scopeOptions", KeyScopes.RESOURCES.stream()
                .map(resource -> new ScopeOption(resource, roles.allows(operator, "POST", "/v1/" + resource))).toList());
        // Drawn with the form, so a double click (or a re-sent form) mints one key; each drawing gets a new one.
        model.addAttribute("createKey", UUID.randomUUID().toString());
        if (!model.containsAttribute("checked")) {
            model.addAttribute("checked", List.of());
            model.addAttribute("formName", "");
        }
        return "dashboard/api-keys";
    }

    @PostMapping("/dashboard/developers/api_keys")
    String create(@RequestParam(required = false) @Nullable String name,
            @RequestParam(name = "scopes", required = false) @Nullable List<String> scopes,
            @RequestParam(name = "idempotency_key", required = false) @Nullable String idempotencyKey, HttpServletRequest request,
            Model model) {
        roles.require(SignedIn.operator(request), "POST", KEYS);
        Map<String, Object> body = new LinkedHashMap<>();
        if (name != null && !name.isBlank()) {
            body.put("name", name.trim());
        }
        body.put("scopes", scopes == null ? List.of() : scopes);
        try {
            Map<String, Object> key = api.post(request, KEYS, body, String.valueOf(SignedIn.csrf(request)), idempotencyKey);
            model.addAttribute("created", key);
        } catch (ApiProblem e) {
            if (e.status() >= 500) {
                throw e;
            }
            FormErrors.show(model, e.param(), e.getMessage(), "name", "scopes");
            model.addAttribute("checked", scopes == null ? List.of() : scopes);
            model.addAttribute("formName", name == null ? "" : name);
        }
        return keys(request, model);
    }

    @PostMapping("/dashboard/developers/api_keys/{id}/revoke")
    String revoke(@PathVariable String id, HttpServletRequest request, Model model) {
        String path = KEYS + "/" + id + "/revoke";
        roles.require(SignedIn.operator(request), "POST", path);
        try {
            Map<String, Object> key = api.post(request, path, Map.of(), String.valueOf(SignedIn.csrf(request)), null);
            model.addAttribute("notice", "Revoked " + key.get("redacted") + ": requests with it are refused from now on.");
        } catch (ApiProblem e) {
            if (e.status() >= 500) {
                throw e;
            }
            FormErrors.show(model, null, e.getMessage());
        }
        return keys(request, model);
    }
}
