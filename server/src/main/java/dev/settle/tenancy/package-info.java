/**
 * Accounts (merchants), their test and live modes, and API keys: secret keys that can do
 * everything in one mode, restricted keys limited to scopes. Resolves every API request to
 * a {@link dev.settle.tenancy.Tenant}.
 */
@ApplicationModule(allowedDependencies = {"shared", "platform"})
@NullMarked
package dev.settle.tenancy;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
