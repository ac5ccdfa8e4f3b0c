package dev.settle.events.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** How long a commit's wake-up waits before the relay runs. */
class EventPumpSpacingTests {

    @Test
    void anIdleNodeRelaysWithinTheDebounce() {
        assertThat(EventPump.relayDelay(Duration.ofSeconds(5))).isEqualTo(EventPump.DEBOUNCE);
        assertThat(EventPump.relayDelay(EventPump.RELAY_SPACING)).isEqualTo(EventPump.DEBOUNCE);
    }

    @Test
    void aBusyNodeStartsRelayTransactionsNoCloserThanTheSpacing() {
        assertThat(EventPump.relayDelay(Duration.ZERO)).isEqualTo(EventPump.RELAY_SPACING);
        assertThat(EventPump.relayDelay(Duration.ofMillis(15))).isEqualTo(EventPump.RELAY_SPACING.minusMillis(15));
        assertThat(EventPump.relayDelay(EventPump.RELAY_SPACING.minus(EventPump.DEBOUNCE).plusMillis(1)))
                .isEqualTo(EventPump.DEBOUNCE);
    }
}
