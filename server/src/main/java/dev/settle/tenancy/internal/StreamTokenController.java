package dev.settle.tenancy.internal;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RestController;

import dev.settle.tenancy.ApiKeyId;
import dev.settle.tenancy.Tenant;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

/** {@code POST /v1/stream_tokens}: a one-time credential for opening the event stream from a browser. */
@RestController
@Tag(name = "Real-time stream")
class StreamTokenController {

    private final StreamTokens tokens;

    StreamTokenController(StreamTokens tokens) {
        this.tokens = tokens;
    }

    record StreamTokenView(String object, String token, boolean livemode, long expiresAt) {
    }

    @PostMapping("/v1/stream_tokens")
    @Operation(operationId = "createStreamToken", summary = "Create a stream token",
            description = "A short-lived, single-use credential for one GET /v1/stream handshake, for pages that cannot send an"
                    + " Authorization header (browsers): pass it as ?stream_token=… or as the WebSocket subprotocol"
                    + " settle.token.<token> beside settle.v1. It speaks for this key's account and mode, works once, expires after"
                    + " settle.tenancy.stream-token-ttl (60 s), and stops working if this key is revoked. Needs events:read.")
    StreamTokenView create(Tenant tenant, @Parameter(hidden = true) @RequestAttribute(ApiKeyId.REQUEST_ATTRIBUTE) ApiKeyId key) {
        StreamTokens.Minted minted = tokens.mint(tenant, key);
        return new StreamTokenView("stream_token", minted.token(), tenant.livemode(), minted.expiresAt().getEpochSecond());
    }
}
