package dev.settle.realtime.internal;

import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.PongMessage;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.AbstractWebSocketHandler;

/**
 * The WebSocket side of a stream whose handshake {@link StreamController} accepted: starts its
 * {@link StreamConnection}, notes pongs, and ends it when the client goes. Clients need send
 * nothing; what they send is ignored, up to {@code settle.realtime.max-incoming-message} bytes
 * (larger messages close the stream with 1009).
 */
@Component
class StreamHandler extends AbstractWebSocketHandler {

    /** Tomcat's limit on a blocking write (a message, a ping or the close frame) to one client. */
    private static final String TOMCAT_BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

    private final StreamHub hub;
    private final ConnectionLimits limits;
    private final RealtimeProperties properties;

    StreamHandler(StreamHub hub, ConnectionLimits limits, RealtimeProperties properties) {
        this.hub = hub;
        this.limits = limits;
        this.properties = properties;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) {
        StreamConnection connection = connection(session);
        session.setTextMessageSizeLimit(properties.maxIncomingMessage());
        session.setBinaryMessageSizeLimit(properties.maxIncomingMessage());
        if (session instanceof org.springframework.web.socket.adapter.NativeWebSocketSession nativeSession
                && nativeSession.getNativeSession() instanceof jakarta.websocket.Session jakartaSession) {
            jakartaSession.getUserProperties().put(TOMCAT_BLOCKING_SEND_TIMEOUT, properties.sendTimeout().toMillis());
        }
        connection.start(session, () -> {
            hub.remove(connection);
            limits.release(connection.key());
        });
    }

    @Override
    protected void handlePongMessage(WebSocketSession session, PongMessage message) {
        StreamConnection connection = connection(session);
        if (connection != null) {
            connection.pong();
        }
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) {
        // The stream is one way; a client's text (a keep-alive, say) is ignored.
    }

    @Override
    public void handleTransportError(WebSocketSession session, Throwable exception) {
        StreamConnection connection = connection(session);
        if (connection != null) {
            connection.peerGone();
        }
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        StreamConnection connection = connection(session);
        if (connection != null) {
            connection.peerGone();
        }
    }

    private static @org.jspecify.annotations.Nullable StreamConnection connection(WebSocketSession session) {
        return (StreamConnection) session.getAttributes().get(StreamConnection.ATTRIBUTE);
    }
}
