package dev.settle.realtime.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;

import dev.settle.events.EventFilter;
import dev.settle.events.EventHistory;
import dev.settle.shared.InvalidRequestException;
import dev.settle.tenancy.ApiKeyId;
import dev.settle.tenancy.Tenant;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET /v1/stream}: everything that can refuse a stream is checked here, before the
 * upgrade, and refused as the rest of the API refuses (problem+json): credentials and scope by the
 * authentication filter, then the parameters, then the connection limits. Only then does the
 * handshake switch protocols; after it nothing is refused, only closed with a close code.
 */
@RestController
@Tag(name = "Real-time stream")
class StreamController {

    /** The subprotocol the server selects when a browser offers one (it must select one to pass a token that way). */
    static final String SUBPROTOCOL = "settle.v1";

    private final StreamHandler handler;
    private final StreamHub hub;
    private final ConnectionLimits limits;
    private final EventHistory history;
    private final RealtimeProperties properties;
    private final DefaultHandshakeHandler handshake = new DefaultHandshakeHandler();

    StreamController(StreamHandler handler, StreamHub hub, ConnectionLimits limits, EventHistory history,
            RealtimeProperties properties) {
        this.handler = handler;
        this.hub = hub;
        this.limits = limits;
        this.history = history;
        this.properties = properties;
        handshake.setSupportedProtocols(SUBPROTOCOL);
    }

    @GetMapping("/v1/stream")
    @Operation(operationId = "openStream", summary = "Open the real-time event stream (WebSocket)",
            description = "Upgrades to a WebSocket that sends the account's events, each a text message exactly as GET"
                    + " /v1/events/{id} returns it, in strictly increasing sequence order. Authenticate with a secret key or"
                    + " a restricted key with events:read (Authorization header), or a stream token (stream_token or the"
                    + " subprotocol settle.token.<token>). Refusals are HTTP answers at the handshake; after the upgrade the"
                    + " server only closes, with a close code and the last sequence sent (docs/realtime.md).",
            responses = {
                @ApiResponse(responseCode = "101", description = "Switching Protocols: the stream is open"),
                @ApiResponse(responseCode = "400", description = "Invalid parameters, or not a WebSocket handshake"),
                @ApiResponse(responseCode = "401", description = "Missing, unknown or revoked key; invalid or expired stream token"),
                @ApiResponse(responseCode = "403", description = "A restricted key without events:read"),
                @ApiResponse(responseCode = "429", description = "Too many streams open for this key, or on this server")})
    void open(Tenant tenant, @Parameter(hidden = true) @RequestAttribute(ApiKeyId.REQUEST_ATTRIBUTE) ApiKeyId key,
            @Parameter(description = "Event types or patterns (payment_intent.*, *), as GET /v1/events takes them; none means all")
            @RequestParam(name = "types[]", required = false) @Nullable List<String> types,
            @Parameter(description = "Only events about this object (pi_…, ch_…, cus_…)")
            @RequestParam(name = "object_id", required = false) @Nullable String objectId,
            @Parameter(description = "Resume: first replay every matching event with a higher sequence, then go live")
            @RequestParam(name = "after_sequence", required = false) @Nullable String afterSequence,
            @Parameter(description = "A stream token from POST /v1/stream_tokens, instead of an Authorization header")
            @RequestParam(name = "stream_token", required = false) @Nullable String streamToken,
            HttpServletRequest request, HttpServletResponse response) {
        EventFilter filter = EventFilter.parse(types, "types[]", objectId, "object_id");
        Long after = sequence(afterSequence);
        if (!"websocket".equalsIgnoreCase(request.getHeader("Upgrade"))) {
            throw new InvalidRequestException("websocket_upgrade_required",
                    "GET /v1/stream is a WebSocket: connect with a WebSocket client (Upgrade: websocket).", null);
        }
        if (after != null) {
            long head = history.head(tenant).sequence();
            if (after > head) {
                // A position from another database (a reset test environment, say): resuming there would silently skip events.
                throw InvalidRequestException.invalidParam("after_sequence",
                        "after_sequence " + after + " is beyond this account's newest event (" + head + ").");
            }
        }
        limits.acquire(key);
        StreamConnection connection = new StreamConnection(new StreamConnection.StreamRequest(tenant, key, filter, after),
                history, properties);
        boolean upgraded = false;
        try {
            hub.add(connection);
            if (after == null) {
                connection.startLiveAt(history.head(tenant).sequence());
            }
            Map<String, Object> attributes = new HashMap<>();
            attributes.put(StreamConnection.ATTRIBUTE, connection);
            upgraded = handshake.doHandshake(new ServletServerHttpRequest(request), new ServletServerHttpResponse(response),
                    handler, attributes);
        } finally {
            if (!upgraded) {
                hub.remove(connection);
                limits.release(key);
            }
        }
    }

    private static @Nullable Long sequence(@Nullable String value) {
        if (value == null) {
            return null;
        }
        try {
            long sequence = Long.parseLong(value);
            if (sequence >= 0) {
                return sequence;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw InvalidRequestException.invalidParam("after_sequence", "after_sequence must be a sequence number (0 or more).");
    }
}
