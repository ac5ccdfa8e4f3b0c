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

/** Reconciliation: runs, items (breaks) by class, an item with both sides, and resolving it with a note. */
@Controller
class ReconciliationPages {

    private final ApiCalls api;
    private final Roles roles;

    ReconciliationPages(ApiCalls api, Roles roles) {
        this.api = api;
        this.roles = roles;
    }

    @GetMapping("/dashboard/reconciliation")
    String overview(HttpServletRequest request, Model model, @RequestParam(name = "class", required = false) @Nullable String itemClass,
            @RequestParam(required = false) @Nullable String run) {
        model.addAttribute("runs", ApiCalls.data(api.get(request, "/v1/reconciliation/runs", Map.of("limit", "20"))));
        Map<String, @Nullable String> query = new LinkedHashMap<>();
        query.put("limit", "50");
        query.put("class", itemClass);
        query.put("run", run);
        model.addAttribute("items", ApiCalls.data(api.get(request, "/v1/reconciliation/items", query)));
        model.addAttribute("itemClass", itemClass == null ? "" : itemClass);
        return "dashboard/reconciliation";
    }

    @GetMapping("/dashboard/reconciliation/items/{id}")
    String item(@PathVariable String id, HttpServletRequest request, Model model) {
        model.addAttribute("item", api.get(request, "/v1/reconciliation/items/" + id));
        return "dashboard/reconciliation-item";
    }

    @PostMapping("/dashboard/reconciliation/items/{id}/resolve")
    String resolve(@PathVariable String id, @RequestParam(required = false) @Nullable String action,
            @RequestParam(required = false) @Nullable String note, HttpServletRequest request, Model model) {
        String path = "/v1/reconciliation/items/" + id + "/resolve";
        roles.require(SignedIn.operator(request), "POST", path);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("action", action == null ? "" : action);
        if (note != null && !note.isBlank()) {
            body.put("note", note.trim());
        }
        try {
            api.post(request, path, body, String.valueOf(SignedIn.csrf(request)), null);
        } catch (ApiProblem e) {
            if (e.status() >= 500) {
                throw e;
            }
            FormErrors.show(model, e.param(), e.getMessage(), "action", "note");
            model.addAttribute("formNote", note == null ? "" : note);
        }
        return item(id, request, model);
    }
}
