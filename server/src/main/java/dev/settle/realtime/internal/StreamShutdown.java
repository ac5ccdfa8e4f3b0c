package dev.settle.realtime.internal;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * On shutdown, before the web server stops (this phase is stopped first), every stream is closed
 * with 1001 {@code going_away} and the sequence to resume from, so clients reconnect to another
 * node or after the restart without a gap.
 */
@Component
class StreamShutdown implements SmartLifecycle {

    private final StreamHub hub;
    private final RealtimeProperties properties;
    private volatile boolean running;

    StreamShutdown(StreamHub hub, RealtimeProperties properties) {
        this.hub = hub;
        this.properties = properties;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        try {
            hub.closeAll(properties.shutdownGrace());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }
}
