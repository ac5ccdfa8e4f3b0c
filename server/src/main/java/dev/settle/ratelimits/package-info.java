/**
 * Rate limits: requests per second per API key (the account's setting for the key's mode, or the
 * installation's default) and for the operator API, answered with 429 when exceeded. The buckets
 * sit behind {@link dev.settle.ratelimits.RateLimiter}: in memory on one node here; a shared
 * store (Redis) can implement the same interface for several nodes.
 */
@ApplicationModule(allowedDependencies = {"shared", "tenancy"})
@NullMarked
package dev.settle.ratelimits;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
