package dev.settle.dashboard.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Customers: the list (search by email, cursor paging) and a customer's page with its cards, payments,
 * subscriptions, invoices and invoice credit balance per currency.
 */
@Controller
class CustomerPages {

    private final ApiCalls api;

    CustomerPages(ApiCalls api) {
        this.api = api;
    }

    @GetMapping("/dashboard/customers")
    String list(HttpServletRequest request, Model model, @RequestParam(required = false) @Nullable String email,
            @RequestParam(name = "starting_after", required = false) @Nullable String after) {
        Map<String, @Nullable String> query = new LinkedHashMap<>();
        query.put("limit", "25");
        query.put("email", email);
        query.put("starting_after", after);
        Map<String, Object> page = api.get(request, "/v1/customers", query);
        var rows = ApiCalls.data(page);
        model.addAttribute("customers", rows);
        model.addAttribute("email", email == null ? "" : email);
        model.addAttribute("next", Boolean.TRUE.equals(page.get("has_more")) && !rows.isEmpty() ? rows.getLast().get("id") : null);
        return "dashboard/customers";
    }

    @GetMapping("/dashboard/customers/{id}")
    String show(@PathVariable String id, HttpServletRequest request, Model model) {
        model.addAttribute("customer", api.get(request, "/v1/customers/" + id));
        model.addAttribute("methods", ApiCalls.data(api.get(request, "/v1/customers/" + id + "/payment_methods", Map.of("limit", "100"))));
        model.addAttribute("payments", ApiCalls.data(api.get(request, "/v1/payment_intents", Map.of("customer", id, "limit", "25"))));
        model.addAttribute("subscriptions", ApiCalls.data(api.get(request, "/v1/subscriptions", Map.of("customer", id, "limit", "25"))));
        model.addAttribute("invoices", ApiCalls.data(api.get(request, "/v1/invoices", Map.of("customer", id, "limit", "25"))));
        model.addAttribute("credit", api.get(request, "/v1/customers/" + id + "/credit_balance").getOrDefault("balances", Map.of()));
        return "dashboard/customer";
    }
}
