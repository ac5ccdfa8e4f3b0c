package dev.settle.dashboard.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import dev.settle.shared.InvalidRequestException;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Billing: products and prices, subscriptions (cancel, pause, resume), invoices (lines; finalize,
 * pay, void, mark uncollectible) and, in test mode, test clocks (advance). Each action is the API request.
 */
@Controller
class BillingPages {

    private static final Set<String> INVOICE_ACTIONS = Set.of("finalize", "pay", "void", "mark_uncollectible");

    private final ApiCalls api;
    private final Roles roles;

    BillingPages(ApiCalls api, Roles roles) {
        this.api = api;
        this.roles = roles;
    }

    @GetMapping("/dashboard/billing")
    String billing(HttpServletRequest request, Model model) {
        model.addAttribute("products", ApiCalls.data(api.get(request, "/v1/products", Map.of("limit", "50"))));
        model.addAttribute("prices", ApiCalls.data(api.get(request, "/v1/prices", Map.of("limit", "50"))));
        model.addAttribute("subscriptions", ApiCalls.data(api.get(request, "/v1/subscriptions", Map.of("limit", "50"))));
        model.addAttribute("invoices", ApiCalls.data(api.get(request, "/v1/invoices", Map.of("limit", "50"))));
        if (!SignedIn.operator(request).livemode()) {
            model.addAttribute("clocks", ApiCalls.data(api.get(request, "/v1/test_helpers/test_clocks", Map.of("limit", "50"))));
        }
        return "dashboard/billing";
    }

    @GetMapping("/dashboard/billing/invoices/{id}")
    String invoice(@PathVariable String id, HttpServletRequest request, Model model) {
        model.addAttribute("invoice", api.get(request, "/v1/invoices/" + id));
        return "dashboard/invoice";
    }

    @PostMapping("/dashboard/billing/invoices/{id}/{action}")
    String invoiceAction(@PathVariable String id, @PathVariable String action, HttpServletRequest request, Model model) {
        if (!INVOICE_ACTIONS.contains(action)) {
            throw InvalidRequestException.invalidParam("action", "Unknown invoice action.");
        }
        String path = "/v1/invoices/" + id + "/" + action;
        roles.require(SignedIn.operator(request), "POST", path);
        try {
            api.post(request, path, Map.of(), String.valueOf(SignedIn.csrf(request)), null);
        } catch (ApiProblem e) {
            if (e.status() >= 500) {
                throw e;
            }
            FormErrors.show(model, null, e.getMessage());
        }
        return invoice(id, request, model);
    }

    /** cancel (now), pause (collection, voiding its invoices) or resume. */
    @PostMapping("/dashboard/billing/subscriptions/{id}/{action}")
    String subscriptionAction(@PathVariable String id, @PathVariable String action, HttpServletRequest request, Model model) {
        String path = "/v1/subscriptions/" + id;
        String csrf = String.valueOf(SignedIn.csrf(request));
        try {
            switch (action) {
                case "cancel" -> {
                    roles.require(SignedIn.operator(request), "DELETE", path);
                    api.delete(request, path, csrf);
                }
                case "pause", "resume" -> {
                    roles.require(SignedIn.operator(request), "POST", path);
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("pause_collection", action.equals("pause") ? Map.of("behavior", "void") : "");
                    api.post(request, path, body, csrf, null);
                }
                default -> throw InvalidRequestException.invalidParam("action", "Unknown subscription action.");
            }
        } catch (ApiProblem e) {
            if (e.status() >= 500) {
                throw e;
            }
            FormErrors.show(model, null, e.getMessage());
        }
        return billing(request, model);
    }

    @PostMapping("/dashboard/billing/test_clocks/{id}/advance")
    String advance(@PathVariable String id, @RequestParam(name = "frozen_time", required = false) @Nullable String frozenTime,
            HttpServletRequest request, Model model) {
        String path = "/v1/test_helpers/test_clocks/" + id + "/advance";
        roles.require(SignedIn.operator(request), "POST", path);
        try {
            api.post(request, path, Map.of("frozen_time", Dates.epochSecond(frozenTime, "frozen_time")),
                    String.valueOf(SignedIn.csrf(request)), null);
        } catch (ApiProblem | InvalidRequestException e) {
            if (e instanceof ApiProblem p && p.status() >= 500) {
                throw p;
            }
            // Each clock has its own date field: the error shows beside the one that was sent.
            String param = e instanceof ApiProblem p ? p.param() : ((InvalidRequestException) e).param();
            FormErrors.show(model, param, e.getMessage(), "frozen_time");
            model.addAttribute("errorClock", id);
        }
        return billing(request, model);
    }
}
