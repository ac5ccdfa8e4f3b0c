/**
 * The event log. Every state change records its event here, in the same database
 * transaction as the change (the transactional outbox, money rule 6): nothing is published
 * that did not commit, and nothing that committed is lost.
 */
@ApplicationModule(allowedDependencies = {"shared", "platform", "tenancy"})
@NullMarked
package dev.settle.events;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
