/**
 * Observability: the business and pipeline metrics that no single module owns (payments, refunds
 * and events as they leave the outbox; backlogs read from the database), and the guard that keeps
 * {@code /actuator/*} (but health) for the operator. Modules that time their own work (processor
 * calls, webhook deliveries, idempotency conflicts) register their meters themselves.
 * docs/observability.md lists every metric.
 */
@ApplicationModule(allowedDependencies = {"shared", "events", "tenancy"})
@NullMarked
package dev.settle.observability;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
