/**
 * Value types every module speaks: money and currencies, prefixed ids, list parameters,
 * metadata rules and the one exception hierarchy the API maps to problem+json.
 * No beans with business logic live here.
 */
@ApplicationModule(type = ApplicationModule.Type.OPEN)
@NullMarked
package dev.settle.shared;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
