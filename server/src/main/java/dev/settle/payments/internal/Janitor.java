package dev.settle.payments.internal;

import java.time.Clock;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.settle.payments.spi.ProcessorCharge;
import dev.settle.platform.Phases;
import dev.settle.payments.spi.ProcessorConnector;

/**
 * Settles attempts whose outcome Settle never heard, or that stay processing too long: it asks
 * the processor (by the attempt's idempotency key when no reference came back), and re-sends
 * an unconfirmed capture or void with its original key, which the processor treats as the
 * same request. Unknown answers back off; after the limit the attempt is flagged for review.
 */
@Component
class Janitor {

    private static final Logger log = LoggerFactory.getLogger(Janitor.class);
    private static final int BATCH = 100;

    private final ChargeRepository charges;
    private final ChargeOutcomes outcomes;
    private final Connectors connectors;
    private final Phases phases;
    private final Clock clock;

    Janitor(ChargeRepository charges, ChargeOutcomes outcomes, Connectors connectors, Phases phases, Clock clock) {
        this.charges = charges;
        this.outcomes = outcomes;
        this.connectors = connectors;
        this.phases = phases;
        this.clock = clock;
    }

    /** One pass over the attempts that are due. Returns how many it looked at. */
    int sweep() {
        List<String> due = charges.due(clock.instant(), BATCH);
        for (String id : due) {
            try {
                settle(id);
            } catch (RuntimeException e) {
                log.error("Janitor could not settle charge {}", id, e);
            }
        }
        return due.size();
    }

    void settle(String chargeId) {
        Charge charge = charges.findById(chargeId).orElseThrow();
        ProcessorConnector connector = connectors.named(charge.processor());
        ProcessorCharge report = switch (charge.pendingAction()) {
            case CAPTURE -> connector.capture(charge.processorReference(), charge.money(charge.pendingCaptureAmount()),
                    charge.captureKey());
            case VOID -> connector.voidAuthorization(charge.processorReference(), charge.voidKey());
            case NONE -> charge.processorReference() != null
                    ? connector.retrieve(charge.processorReference())
                    : connector.retrieveByIdempotencyKey(charge.authorizeKey());
        };
        phases.committed(() -> outcomes.apply(chargeId, report));
    }
}
