package dev.settle.payments.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class PaymentsPropertiesTests {

    private static final PaymentsProperties.Janitor JANITOR =
            new PaymentsProperties.Janitor(Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(5), 10);

    @Test
    void aProcessorConnectionPoolOfNoneIsRefused() {
        assertThatThrownBy(() -> new PaymentsProperties(100, Duration.ofSeconds(10), 0, JANITOR))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("processor-connections");
        assertThat(new PaymentsProperties(100, Duration.ofSeconds(10), 1, JANITOR).processorConnections()).isEqualTo(1);
    }
}
