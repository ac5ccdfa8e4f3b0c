/**
 * Idempotency for every POST (money rule 4): the first response to an {@code Idempotency-Key}
 * is stored per account and mode and replayed byte for byte; the same key with other
 * parameters is refused; a duplicate arriving while the first is in flight gets 409.
 */
@ApplicationModule(allowedDependencies = {"shared", "platform", "tenancy"})
@NullMarked
package dev.settle.idempotency;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
