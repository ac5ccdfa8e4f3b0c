package dev.settle.simulator.internal;

import java.time.Instant;

/** A tokenized card: only what was derived from its number. The number and CVC are gone. */
record Token(String id, Scenario scenario, String brand, String last4, String fingerprint, int expMonth, int expYear,
        Instant created) {

    Json toJson() {
        return new Json(id, "token", brand, last4, expMonth, expYear, fingerprint, created.getEpochSecond());
    }

    record Json(String id, String object, String brand, String last4, int expMonth, int expYear, String fingerprint,
            long created) {
    }
}
