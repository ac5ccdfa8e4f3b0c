package dev.settle.realtime.internal;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

/**
 * Tomcat's WebSocket container sizes each session's message buffers at creation (8,192 characters
 * of text, 8 KB of binary by default), before a handler could lower them. Streams take at most
 * {@code settle.realtime.max-incoming-message} from a client, so their buffers are that size: it
 * saves about 12 KB of heap per open stream (bench/README.md, "Stream").
 */
@Configuration(proxyBeanMethods = false)
class WebSocketContainerConfiguration {

    @Bean
    ServletServerContainerFactoryBean webSocketContainer(RealtimeProperties properties) {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        container.setMaxTextMessageBufferSize(properties.maxIncomingMessage());
        container.setMaxBinaryMessageBufferSize(properties.maxIncomingMessage());
        return container;
    }
}
