package dev.settle.realtime.internal;

import org.springframework.web.socket.CloseStatus;

/**
 * Why Settle closes a stream, as the close frame's code and reason. The reason is JSON with the
 * sequence through which the client has been sent every matching event, to resume from:
 * {@code {"code":"slow_consumer","last_sequence":1234}} (docs/realtime.md, "Close codes").
 */
enum CloseCode {

    /** The server is shutting down: reconnect (to another node) with after_sequence. */
    GOING_AWAY(1001, "going_away"),
    /** Something unexpected failed on the server; resume. */
    INTERNAL_ERROR(1011, "internal_error"),
    /** The archive could not serve the replay in time (document store unreachable); resume later. */
    ARCHIVE_UNAVAILABLE(1013, "archive_unavailable"),
    /** The key (or the key that minted the stream token) was revoked. Do not reconnect with it. */
    API_KEY_REVOKED(4001, "api_key_revoked"),
    /** The client fell more than settle.realtime.buffer-size events behind; resume. */
    SLOW_CONSUMER(4008, "slow_consumer"),
    /** Two pings went unanswered. */
    HEARTBEAT_TIMEOUT(4009, "heartbeat_timeout");

    final int code;
    final String reason;

    CloseCode(int code, String reason) {
        this.code = code;
        this.reason = reason;
    }

    CloseStatus status(long lastSequence) {
        return new CloseStatus(code, "{\"code\":\"" + reason + "\",\"last_sequence\":" + lastSequence + "}");
    }
}
