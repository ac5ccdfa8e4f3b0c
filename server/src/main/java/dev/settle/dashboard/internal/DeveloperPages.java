package dev.settle.dashboard.internal;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Developers: webhook endpoints (create, edit events, rotate the secret, disable or enable), an
 * endpoint's delivery attempts with replay, and the live event tail. The signing secret is shown
 * once, on the page that answers its creation or rotation, as the API returns it only then.
 */
@Controller
class DeveloperPages {

    private static final String ENDPOINTS = "/v1/webhook_endpoints";

    private final ApiCalls api;
    private final Roles roles;

    DeveloperPages(ApiCalls api, Roles roles) {
        this.api = api;
        this.roles = roles;
    }

    @GetMapping("/dashboard/developers")
    String developers(HttpServletRequest request, Model model) {
        model.addAttribute("endpoints", ApiCalls.data(api.get(request, ENDPOINTS, Map.of("limit", "100"))));
        model.addAttribute("events", ApiCalls.data(api.get(request, "/v1/events", Map.of("limit", "20"))));
        model.addAttribute("keyCount", ApiCalls.data(api.get(request, "/v1/api_keys", Map.of("limit", "100"))).stream()
                .filter(key -> key.get("revoked") == null).count());
        return "dashboard/developers";
    }

    @PostMapping("/dashboard/developers/webhook_endpoints")
    String create(@RequestParam(required = false) @Nullable String url,
            @RequestParam(name = "enabled_events", required = false) @Nullable String events,
            @RequestParam(required = false) @Nullable String description, HttpServletRequest request, Model model) {
        roles.require(SignedIn.operator(request), "POST", ENDPOINTS);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("url", url == null ? "" : url.trim());
        body.put("enabled_events", events(events));
        if (description != null && !description.isBlank()) {
            body.put("description", description.trim());
        }
        try {
            Map<String, Object> endpoint = api.post(request, ENDPOINTS, body, String.valueOf(SignedIn.csrf(request)), null);
            model.addAttribute("secret", endpoint.get("secret"));
            return endpoint(String.valueOf(endpoint.get("id")), request, model);
        } catch (ApiProblem e) {
            if (e.status() >= 500) {
                throw e;
            }
            FormErrors.show(model, e.param(), e.getMessage(), "url", "enabled_events", "description");
            model.addAttribute("formUrl", url == null ? "" : url);
            model.addAttribute("formDescription", description == null ? "" : description);
            model.addAttribute("formEvents", events == null ? "" : events);
            return developers(request, model);
        }
    }

    @GetMapping("/dashboard/developers/webhook_endpoints/{id}")
    String endpoint(@PathVariable String id, HttpServletRequest request, Model model) {
        Map<String, Object> endpoint = api.get(request, ENDPOINTS + "/" + id);
        model.addAttribute("endpoint", endpoint);
        model.addAttribute("eventsText", String.join(", ", (List<?>) endpoint.get("enabled_events") == null ? List.of()
                : ((List<?>) endpoint.get("enabled_events")).stream().map(String::valueOf).toList()));
        model.addAttribute("attempts", ApiCalls.data(api.get(request, "/v1/webhook_attempts", Map.of("endpoint", id, "limit", "50"))));
        return "dashboard/endpoint";
    }

    /** An event: the body every webhook delivery of it sends (pretty-printed), and those deliveries. */
    @GetMapping("/dashboard/developers/events/{id}")
    String event(@PathVariable String id, HttpServletRequest request, Model model) {
        Map<String, Object> event = api.get(request, "/v1/events/" + id);
        model.addAttribute("event", event);
        model.addAttribute("body", api.pretty(event));
        model.addAttribute("attempts", ApiCalls.data(api.get(request, "/v1/webhook_attempts", Map.of("event", id, "limit", "50"))));
        return "dashboard/event";
    }

    @PostMapping("/dashboard/developers/webhook_endpoints/{id}")
    String update(@PathVariable String id, @RequestParam(required = false) @Nullable String url,
            @RequestParam(name = "enabled_events", required = false) @Nullable String events,
            @RequestParam(required = false) @Nullable String disabled, HttpServletRequest request, Model model) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (url != null) {
            body.put("url", url.trim());
        }
        if (events != null) {
            body.put("enabled_events", events(events));
        }
        if (disabled != null) {
            body.put("disabled", "true".equals(disabled));
        }
        return change(id, ENDPOINTS + "/" + id, body, request, model);
    }

    @PostMapping("/dashboard/developers/webhook_endpoints/{id}/rotate")
    String rotate(@PathVariable String id, HttpServletRequest request, Model model) {
        return change(id, ENDPOINTS + "/" + id + "/rotate_secret", Map.of(), request, model);
    }

    @PostMapping("/dashboard/developers/webhook_endpoints/{id}/replay")
    String replay(@PathVariable String id, @RequestParam String event, HttpServletRequest request, Model model) {
        String result = change(id, ENDPOINTS + "/" + id + "/replay", Map.of("event", event), request, model);
        model.addAttribute("notice", "Replaying " + event + ": a new delivery attempt is on its way.");
        return result;
    }

    /** Sends again every failed delivery to this endpoint of events first sent since a UTC date and time. */
    @PostMapping("/dashboard/developers/webhook_endpoints/{id}/recover")
    String recover(@PathVariable String id, @RequestParam(required = false) @Nullable String since, HttpServletRequest request,
            Model model) {
        String path = ENDPOINTS + "/" + id + "/recover";
        roles.require(SignedIn.operator(request), "POST", path);
        try {
            Map<String, Object> answer = api.post(request, path, Map.of("since", Dates.epochSecond(since, "since")),
                    String.valueOf(SignedIn.csrf(request)), null);
            model.addAttribute("notice", "Sending " + answer.get("count") + " failed deliveries again.");
        } catch (ApiProblem e) {
            if (e.status() >= 500) {
                throw e;
            }
            FormErrors.show(model, e.param(), e.getMessage(), "since");
        } catch (dev.settle.shared.InvalidRequestException e) {
            FormErrors.show(model, e.param(), e.getMessage(), "since");
        }
        return endpoint(id, request, model);
    }

    private String change(String id, String path, Map<String, ?> body, HttpServletRequest request, Model model) {
        roles.require(SignedIn.operator(request), "POST", path);
        try {
            Map<String, Object> answer = api.post(request, path, body, String.valueOf(SignedIn.csrf(request)), null);
            if (answer.get("secret") != null) {
                model.addAttribute("secret", answer.get("secret"));
            }
        } catch (ApiProblem e) {
            if (e.status() >= 500) {
                throw e;
            }
            FormErrors.show(model, e.param(), e.getMessage(), "url", "enabled_events");
        }
        return endpoint(id, request, model);
    }

    /** "a, b c" as ["a", "b", "c"]. */
    private static List<String> events(@Nullable String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return Arrays.stream(text.split("[,\\s]+")).filter(s -> !s.isBlank()).toList();
    }
}
