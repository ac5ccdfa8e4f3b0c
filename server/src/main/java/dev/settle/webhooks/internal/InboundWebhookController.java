package dev.settle.webhooks.internal;

import java.util.HashMap;
import java.util.Map;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.settle.shared.RawBody;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

@RestController
@Tag(name = "Inbound webhooks")
class InboundWebhookController {

    private final InboundWebhooks webhooks;

    InboundWebhookController(InboundWebhooks webhooks) {
        this.webhooks = webhooks;
    }

    record Received(boolean received, boolean duplicate) {
    }

    @PostMapping("/v1/inbound/{processor}")
    @SecurityRequirements
    @Operation(operationId = "receiveProcessorWebhook", summary = "Receive a processor's webhook",
            description = "Called by the processor, not by API clients: authenticated by the processor's signature over the raw body (300 s tolerance). Redelivered events are acknowledged and ignored.")
    Received receive(@PathVariable String processor, HttpServletRequest request) {
        Map<String, String> headers = new HashMap<>();
        request.getHeaderNames().asIterator().forEachRemaining(name -> headers.put(name.toLowerCase(java.util.Locale.ROOT),
                request.getHeader(name)));
        InboundWebhooks.Result result = webhooks.receive(processor, headers, RawBody.of(request));
        return new Received(true, result == InboundWebhooks.Result.DUPLICATE);
    }
}
