/**
 * The operator dashboard at {@code /dashboard}: server-rendered pages for the account's users. It
 * is a client of Settle's own API: every read and every action is the {@code /v1} request the
 * same user could make with the session cookie, so validation, roles, idempotency and money rules
 * are the API's, never a second copy. Sessions and roles come from tenancy's
 * {@link dev.settle.tenancy.OperatorSessions}.
 */
@ApplicationModule(allowedDependencies = {"shared", "tenancy", "payments"})
@NullMarked
package dev.settle.dashboard;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
