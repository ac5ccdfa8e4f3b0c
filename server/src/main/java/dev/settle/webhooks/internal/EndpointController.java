package dev.settle.webhooks.internal;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.settle.shared.ListPage;
import dev.settle.shared.ListParams;
import dev.settle.platform.SecretBox;
import dev.settle.tenancy.Tenant;
import jakarta.servlet.http.HttpServletRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@RequestMapping("/v1/webhook_endpoints")
@Tag(name = "Webhook endpoints")
class EndpointController {

    private final EndpointService endpoints;
    private final Redeliveries redeliveries;

    EndpointController(EndpointService endpoints, Redeliveries redeliveries) {
        this.endpoints = endpoints;
        this.redeliveries = redeliveries;
    }

    record CreateEndpointRequest(@Nullable String url, @Nullable List<String> enabledEvents, @Nullable String description,
            @Nullable Map<String, String> metadata, @Nullable List<Integer> retrySchedule) {
    }

    record UpdateEndpointRequest(@Nullable String url, @Nullable List<String> enabledEvents, @Nullable String description,
            @Nullable Map<String, String> metadata, @Nullable List<Integer> retrySchedule, @Nullable Boolean disabled) {
    }

    record RotateSecretRequest(@Nullable Long expiresIn) {
    }

    record ReplayEventRequest(@Nullable String event) {
    }

    record RecoverEventsRequest(@Nullable Long since) {
    }

    record DeletedEndpointView(String id, String object, boolean deleted) {
    }

    record ReplayView(String object, String endpoint, String event) {
    }

    record RecoveryView(String object, String endpoint, long since, int count) {
    }

    @PostMapping
    @Operation(operationId = "createWebhookEndpoint", summary = "Create a webhook endpoint",
            description = "url (absolute http or https; live mode: https to a public address) and enabled_events (types, "
                    + "prefix patterns such as payment_intent.*, or *) are required. The response carries the signing "
                    + "secret, shown only here and after rotate_secret.")
    EndpointView create(Tenant tenant, @RequestBody(required = false) @Nullable CreateEndpointRequest request,
            HttpServletRequest http) {
        CreateEndpointRequest body = request == null ? new CreateEndpointRequest(null, null, null, null, null) : request;
        EndpointService.WithSecret created = endpoints.create(tenant, new EndpointService.Changes(body.url(), body.enabledEvents(),
                body.description(), body.metadata(), body.retrySchedule(), null));
        SecretBox.markShowsSecret(http);
        return EndpointView.of(created.endpoint(), created.secret());
    }

    @GetMapping("/{id}")
    @Operation(operationId = "retrieveWebhookEndpoint", summary = "Retrieve a webhook endpoint")
    EndpointView retrieve(Tenant tenant, @PathVariable String id) {
        return EndpointView.of(endpoints.retrieve(tenant, id), null);
    }

    @PostMapping("/{id}")
    @Operation(operationId = "updateWebhookEndpoint", summary = "Update a webhook endpoint",
            description = "Fields given are set; metadata keys merge. disabled: true stops deliveries (pending ones fail), "
                    + "disabled: false enables it again. retry_schedule: [] returns to the installation's schedule.")
    EndpointView update(Tenant tenant, @PathVariable String id, @RequestBody UpdateEndpointRequest request) {
        return EndpointView.of(endpoints.update(tenant, id, new EndpointService.Changes(request.url(), request.enabledEvents(),
                request.description(), request.metadata(), request.retrySchedule(), request.disabled())), null);
    }

    @DeleteMapping("/{id}")
    @Operation(operationId = "deleteWebhookEndpoint", summary = "Delete a webhook endpoint")
    DeletedEndpointView delete(Tenant tenant, @PathVariable String id) {
        endpoints.delete(tenant, id);
        return new DeletedEndpointView(id, "webhook_endpoint", true);
    }

    @GetMapping
    @Operation(operationId = "listWebhookEndpoints", summary = "List webhook endpoints",
            description = "Newest first. limit 1–100 (default 10), starting_after or ending_before an id.")
    ListPage<EndpointView> list(Tenant tenant,
            @RequestParam(required = false) @Nullable String limit,
            @RequestParam(name = "starting_after", required = false) @Nullable String startingAfter,
            @RequestParam(name = "ending_before", required = false) @Nullable String endingBefore) {
        ListParams params = ListParams.parse(limit, startingAfter, endingBefore);
        return endpoints.list(tenant, params).map(endpoint -> EndpointView.of(endpoint, null));
    }

    @PostMapping("/{id}/rotate_secret")
    @Operation(operationId = "rotateWebhookEndpointSecret", summary = "Rotate a webhook endpoint's signing secret",
            description = "Returns the endpoint with its new secret. The old secret keeps signing (a second signature) for "
                    + "expires_in seconds (default 86400, at most 604800; 0 ends it at once).")
    EndpointView rotateSecret(Tenant tenant, @PathVariable String id, @RequestBody(required = false) @Nullable RotateSecretRequest request,
            HttpServletRequest http) {
        EndpointService.WithSecret rotated = endpoints.rotate(tenant, id, request == null ? null : request.expiresIn());
        SecretBox.markShowsSecret(http);
        return EndpointView.of(rotated.endpoint(), rotated.secret());
    }

    @PostMapping("/{id}/replay")
    @Operation(operationId = "replayWebhookEvent", summary = "Send one event to the endpoint again",
            description = "The endpoint must have had a delivery of the event. It goes out again with the same webhook-id "
                    + "and a fresh retry schedule.")
    ReplayView replay(Tenant tenant, @PathVariable String id, @RequestBody ReplayEventRequest request) {
        redeliveries.replay(tenant, id, request.event());
        return new ReplayView("webhook_replay", id, request.event());
    }

    @PostMapping("/{id}/recover")
    @Operation(operationId = "recoverWebhookEvents", summary = "Send every failed delivery since a time again",
            description = "Every delivery to this endpoint that failed, of events first sent at or after since (Unix "
                    + "seconds), is sent again with its original webhook-id. Returns how many.")
    RecoveryView recover(Tenant tenant, @PathVariable String id, @RequestBody RecoverEventsRequest request) {
        int count = redeliveries.recover(tenant, id, request.since());
        return new RecoveryView("webhook_recovery", id, request.since(), count);
    }
}
