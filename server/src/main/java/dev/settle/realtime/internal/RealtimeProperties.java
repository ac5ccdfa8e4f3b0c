package dev.settle.realtime.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code settle.realtime.*}: the event stream's limits (docs/realtime.md).
 *
 * @param heartbeatInterval     a ping this often; a client that leaves two unanswered is closed
 * @param bufferSize            events queued for one client at most; a client further behind is a slow consumer
 * @param maxConnectionsPerKey  open streams per API key on one node (a stream token counts for the key that minted it)
 * @param maxConnections        open streams on one node
 * @param maxIncomingMessage    bytes of a message from a client at most (clients need send nothing)
 * @param sendTimeout           a client that takes no data for this long while a message waits is dropped
 * @param archiveWait           how long a resume waits for the archive to hold the events it replays
 * @param shutdownGrace         how long shutdown waits for every stream to be closed with 1001
 */
@ConfigurationProperties("settle.realtime")
public record RealtimeProperties(
        @DefaultValue("15s") Duration heartbeatInterval,
        @DefaultValue("1000") int bufferSize,
        @DefaultValue("200") int maxConnectionsPerKey,
        @DefaultValue("15000") int maxConnections,
        @DefaultValue("4096") int maxIncomingMessage,
        @DefaultValue("10s") Duration sendTimeout,
        @DefaultValue("10s") Duration archiveWait,
        @DefaultValue("5s") Duration shutdownGrace) {
}
