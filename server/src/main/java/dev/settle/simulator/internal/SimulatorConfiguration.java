package dev.settle.simulator.internal;

import java.io.IOException;
import java.time.Clock;

import javax.sql.DataSource;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the simulator inside Settle (unless {@code settle.simulator.enabled=false}) on Settle's
 * data source, JSON mapper and clock. It starts when the context has refreshed and stops
 * before the data source closes.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "settle.simulator.enabled", matchIfMissing = true)
class SimulatorConfiguration {

    @Bean
    SimulatorServer simulator(SimulatorProperties properties, DataSource dataSource, JsonMapper json, Clock clock) throws IOException {
        return SimulatorServer.create(properties.toSettings(), dataSource, json, clock);
    }

    @Bean
    SimulatorLifecycle simulatorLifecycle(SimulatorServer simulator) {
        return new SimulatorLifecycle(simulator);
    }

    /** Start and stop with the context; learn Settle's port for the default webhook URL. */
    static final class SimulatorLifecycle implements SmartLifecycle, ApplicationListener<WebServerInitializedEvent> {

        private final SimulatorServer simulator;
        private volatile boolean running;

        SimulatorLifecycle(SimulatorServer simulator) {
            this.simulator = simulator;
        }

        @Override
        public void onApplicationEvent(WebServerInitializedEvent event) {
            if (event.getApplicationContext().getServerNamespace() == null) {
                simulator.useSettlePort(event.getWebServer().getPort());
            }
        }

        @Override
        public void start() {
            simulator.start();
            running = true;
        }

        @Override
        public void stop() {
            simulator.stop();
            running = false;
        }

        @Override
        public boolean isRunning() {
            return running;
        }
    }
}
