package dev.settle.dashboard.internal;

import java.util.ArrayList;
import java.util.Comparator;
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

import dev.settle.shared.InvalidRequestException;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Payments: the list ({@code GET /v1/payment_intents} with its filters and cursor), a payment's page
 * (the intent, its charges, refunds, events and their webhook deliveries) and its actions, each the
 * API request itself: capture, cancel, refund.
 */
@Controller
class PaymentPages {

    private static final int TIMELINE_EVENTS = 50;
    /** The list API's query parameters and the filter form's fields that set them. */
    private static final Map<String, String> FILTER_FIELDS = Map.of("status", "status", "customer", "customer", "last4", "last4",
            "amount[gte]", "amount_min", "amount[lte]", "amount_max", "created[gte]", "from", "created[lt]", "to",
            "from", "from", "to", "to");

    private final ApiCalls api;
    private final Roles roles;

    PaymentPages(ApiCalls api, Roles roles) {
        this.api = api;
        this.roles = roles;
    }

    @GetMapping("/dashboard/payments")
    String list(HttpServletRequest request, Model model, @RequestParam(required = false) @Nullable String status,
            @RequestParam(required = false) @Nullable String customer, @RequestParam(required = false) @Nullable String last4,
            @RequestParam(name = "amount_min", required = false) @Nullable String amountMin,
            @RequestParam(name = "amount_max", required = false) @Nullable String amountMax,
            @RequestParam(required = false) @Nullable String from, @RequestParam(required = false) @Nullable String to,
            @RequestParam(name = "starting_after", required = false) @Nullable String after,
            @RequestParam(name = "ending_before", required = false) @Nullable String before) {
        Map<String, @Nullable String> query = new LinkedHashMap<>();
        query.put("limit", "25");
        query.put("status", status);
        query.put("customer", customer);
        query.put("last4", last4);
        query.put("amount[gte]", amountMin);
        query.put("amount[lte]", amountMax);
        try {
            query.put("created[gte]", Dates.startOfDay(from));
            query.put("created[lt]", Dates.endOfDay(to));
        } catch (InvalidRequestException e) {
            FormErrors.show(model, e.param(), e.getMessage(), FILTER_FIELDS);
        }
        query.put("starting_after", after);
        query.put("ending_before", before);
        Map<String, Object> filters = new LinkedHashMap<>();
        filters.put("status", status == null ? "" : status);
        filters.put("customer", customer == null ? "" : customer);
        filters.put("last4", last4 == null ? "" : last4);
        filters.put("amount_min", amountMin == null ? "" : amountMin);
        filters.put("amount_max", amountMax == null ? "" : amountMax);
        filters.put("from", from == null ? "" : from);
        filters.put("to", to == null ? "" : to);
        model.addAttribute("filters", filters);
        try {
            if (!FormErrors.errors(model).isEmpty()) {
                model.addAttribute("payments", List.of());
                return "dashboard/payments";
            }
            Map<String, Object> page = api.get(request, "/v1/payment_intents", query);
            List<Map<String, Object>> rows = ApiCalls.data(page);
            model.addAttribute("payments", rows);
            boolean more = Boolean.TRUE.equals(page.get("has_more"));
            model.addAttribute("next", rows.isEmpty() || !(more || before != null) ? null : rows.getLast().get("id"));
            model.addAttribute("previous", rows.isEmpty() || !(after != null || (before != null && more)) ? null : rows.getFirst().get("id"));
        } catch (ApiProblem e) {
            if (e.status() != 400) {
                throw e;
            }
            model.addAttribute("payments", List.of());
            FormErrors.show(model, e.param(), e.getMessage(), FILTER_FIELDS);
        }
        return "dashboard/payments";
    }

    @GetMapping("/dashboard/payments/{id}")
    String show(@PathVariable String id, HttpServletRequest request, Model model) {
        Map<String, Object> intent = api.get(request, "/v1/payment_intents/" + id);
        model.addAttribute("pi", intent);
        List<Map<String, Object>> charges = ApiCalls.data(api.get(request, "/v1/charges", Map.of("payment_intent", id, "limit", "100")));
        model.addAttribute("charges", charges);
        model.addAttribute("refunds", ApiCalls.data(api.get(request, "/v1/refunds", Map.of("payment_intent", id, "limit", "100"))));
        List<Map<String, Object>> events = new ArrayList<>(ApiCalls.data(api.get(request, "/v1/events",
                Map.of("object", id, "limit", String.valueOf(TIMELINE_EVENTS)))));
        for (Map<String, Object> charge : charges) {
            events.addAll(ApiCalls.data(api.get(request, "/v1/events",
                    Map.of("object", String.valueOf(charge.get("id")), "limit", String.valueOf(TIMELINE_EVENTS)))));
        }
        events.sort(Comparator.comparingLong((Map<String, Object> e) -> ((Number) e.get("sequence")).longValue()));
        Map<String, List<Map<String, Object>>> deliveries = new LinkedHashMap<>();
        for (Map<String, Object> event : events) {
            String eventId = String.valueOf(event.get("id"));
            deliveries.put(eventId, ApiCalls.data(api.get(request, "/v1/webhook_attempts", Map.of("event", eventId, "limit", "20"))));
        }
        model.addAttribute("events", events);
        model.addAttribute("deliveries", deliveries);
        model.addAttribute("refundKey", UUID.randomUUID().toString());
        model.addAttribute("refundable", refundable(intent));
        return "dashboard/payment";
    }

    /** What is left to refund: received less refunded. */
    private static long refundable(Map<String, Object> intent) {
        long received = ((Number) intent.getOrDefault("amount_received", 0)).longValue();
        long refunded = ((Number) intent.getOrDefault("amount_refunded", 0)).longValue();
        return Math.max(0, received - refunded);
    }

    @PostMapping("/dashboard/payments/{id}/refund")
    String refund(@PathVariable String id, @RequestParam(required = false) @Nullable String amount,
            @RequestParam(required = false) @Nullable String confirm, @RequestParam(name = "idempotency_key") String idempotencyKey,
            HttpServletRequest request, Model model) {
        roles.require(SignedIn.operator(request), "POST", "/v1/refunds");
        Map<String, Object> intent = api.get(request, "/v1/payment_intents/" + id);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("payment_intent", id);
        try {
            if (!"yes".equals(confirm)) {
                throw InvalidRequestException.invalidParam("confirm", "Tick the box to confirm the refund.");
            }
            if (amount != null && !amount.isBlank()) {
                body.put("amount", Format.minorUnits(amount, String.valueOf(intent.get("currency")), "amount"));
            }
            api.post(request, "/v1/refunds", body, String.valueOf(SignedIn.csrf(request)), idempotencyKey);
        } catch (InvalidRequestException e) {
            return show(id, request, withError(model, e.param(), e.getMessage()));
        } catch (ApiProblem e) {
            if (e.status() >= 500) {
                throw e;
            }
            return show(id, request, withError(model, e.param(), e.getMessage()));
        }
        return "redirect:/dashboard/payments/" + id + "#refunds";
    }

    @PostMapping("/dashboard/payments/{id}/capture")
    String capture(@PathVariable String id, @RequestParam(name = "idempotency_key") String idempotencyKey, HttpServletRequest request,
            Model model) {
        return act(id, "capture", idempotencyKey, request, model);
    }

    @PostMapping("/dashboard/payments/{id}/cancel")
    String cancel(@PathVariable String id, @RequestParam(name = "idempotency_key") String idempotencyKey, HttpServletRequest request,
            Model model) {
        return act(id, "cancel", idempotencyKey, request, model);
    }

    private String act(String id, String action, String idempotencyKey, HttpServletRequest request, Model model) {
        String path = "/v1/payment_intents/" + id + "/" + action;
        roles.require(SignedIn.operator(request), "POST", path);
        try {
            api.post(request, path, Map.of(), String.valueOf(SignedIn.csrf(request)), idempotencyKey);
        } catch (ApiProblem e) {
            if (e.status() >= 500) {
                throw e;
            }
            return show(id, request, withError(model, "action", e.getMessage()));
        }
        return "redirect:/dashboard/payments/" + id;
    }

    private static Model withError(Model model, @Nullable String param, @Nullable String message) {
        return FormErrors.show(model, param, message, "amount", "confirm");
    }
}
