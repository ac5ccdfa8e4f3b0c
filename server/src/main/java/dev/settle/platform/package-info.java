/**
 * Infrastructure every module stands on: the PostgreSQL data source (embedded by default),
 * JSON settings, request ids, the body size limit, problem+json mapping, the clock and the
 * cluster-safe scheduler. No business logic.
 */
@ApplicationModule(type = ApplicationModule.Type.OPEN)
@NullMarked
package dev.settle.platform;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
