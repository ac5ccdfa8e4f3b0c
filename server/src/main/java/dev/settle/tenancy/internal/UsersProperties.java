package dev.settle.tenancy.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code settle.users.*}: dashboard users and their sessions (docs/security.md).
 *
 * @param sessionTtl        how long a session lasts after sign-in
 * @param inviteTtl         how long an invitation can be accepted
 * @param maxFailedSignIns  failed sign-ins in a row after which the user is locked out
 * @param lockout           how long a lockout lasts (a correct password does not end it)
 * @param bcryptStrength    BCrypt's cost (log2 rounds) for password hashes
 */
@ConfigurationProperties("settle.users")
public record UsersProperties(
        @DefaultValue("12h") Duration sessionTtl,
        @DefaultValue("72h") Duration inviteTtl,
        @DefaultValue("5") int maxFailedSignIns,
        @DefaultValue("15m") Duration lockout,
        @DefaultValue("10") int bcryptStrength) {
}
