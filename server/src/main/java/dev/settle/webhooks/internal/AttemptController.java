package dev.settle.webhooks.internal;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.settle.shared.InvalidRequestException;
import dev.settle.shared.ListPage;
import dev.settle.shared.ListParams;
import dev.settle.shared.ResourceNotFoundException;
import dev.settle.tenancy.Tenant;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

@RestController
@Tag(name = "Webhook endpoints")
class AttemptController {

    private final AttemptLog attempts;
    private final EndpointRepository endpoints;

    AttemptController(AttemptLog attempts, EndpointRepository endpoints) {
        this.attempts = attempts;
        this.endpoints = endpoints;
    }

    /** One delivery attempt: {@code http_status} is null when no answer came, and {@code error} then says why. */
    record AttemptView(String id, String object, boolean livemode, String endpoint, String event, String eventType, int attempt,
            boolean succeeded, @Nullable Integer httpStatus, int latencyMs, @Nullable String responseBody,
            @Nullable String error, long created) {

        static AttemptView of(AttemptLog.Attempt attempt) {
            return new AttemptView(attempt.id(), "webhook_attempt", attempt.tenant().livemode(), attempt.endpointId(),
                    attempt.eventId(), attempt.eventType(), attempt.attempt(), attempt.succeeded(), attempt.httpStatus(),
                    attempt.latencyMs(), attempt.responseBody(), attempt.error(), attempt.created().getEpochSecond());
        }
    }

    @GetMapping("/v1/webhook_attempts")
    @Operation(operationId = "listWebhookAttempts", summary = "List webhook delivery attempts",
            description = "Every attempt to deliver to one endpoint (endpoint=we_…) or of one event (event=evt_…), newest "
                    + "first: status code, latency, the first 1 KiB of the answer, or the error. One of endpoint or event "
                    + "is required; limit, starting_after and ending_before page as everywhere.")
    ListPage<AttemptView> list(Tenant tenant,
            @RequestParam(required = false) @Nullable String endpoint,
            @RequestParam(required = false) @Nullable String event,
            @RequestParam(required = false) @Nullable String limit,
            @RequestParam(name = "starting_after", required = false) @Nullable String startingAfter,
            @RequestParam(name = "ending_before", required = false) @Nullable String endingBefore) {
        if ((endpoint == null || endpoint.isBlank()) && (event == null || event.isBlank())) {
            throw new InvalidRequestException("parameter_missing", "Give endpoint (a we_… id) or event (an evt_… id).", "endpoint");
        }
        if (endpoint != null && !endpoints.existed(tenant, endpoint)) {
            throw new ResourceNotFoundException("webhook_endpoint", endpoint, "endpoint");
        }
        ListParams params = ListParams.parse(limit, startingAfter, endingBefore);
        return ListPage.of(attempts.list(tenant, endpoint, event, params), params, "/v1/webhook_attempts").map(AttemptView::of);
    }
}
