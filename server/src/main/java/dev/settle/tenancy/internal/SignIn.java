package dev.settle.tenancy.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.settle.shared.AuthenticationException;
import dev.settle.shared.Ids;
import dev.settle.shared.InvalidRequestException;
import dev.settle.tenancy.AccountId;
import dev.settle.tenancy.AuditLog;

/**
 * Signs users in: email and password (and the TOTP code once two-factor is on) make a session.
 * After {@code settle.users.max-failed-sign-ins} failures in a row the user is locked out for
 * {@code settle.users.lockout}, during which even the right password is refused. An unknown email
 * costs the same password check as a known one, and fails with the same answer.
 */
@Service
class SignIn {

    private final UserRepository users;
    private final SessionRepository sessions;
    private final Users accounts;
    private final KeyHasher hasher;
    private final PasswordEncoder passwords;
    private final UsersProperties properties;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final String unknownUserHash;

    SignIn(UserRepository users, SessionRepository sessions, Users accounts, KeyHasher hasher, PasswordEncoder passwords,
            UsersProperties properties, AuditLog audit, TransactionTemplate transactions, Clock clock) {
        this.users = users;
        this.sessions = sessions;
        this.accounts = accounts;
        this.hasher = hasher;
        this.passwords = passwords;
        this.properties = properties;
        this.audit = audit;
        this.transactions = transactions;
        this.clock = clock;
        this.unknownUserHash = passwords.encode(Ids.randomBase62(24));
    }

    /** A new session: its token and CSRF token exist only here and in the response that sets them. */
    record Session(User user, boolean livemode, String token, String csrfToken, Instant expires) {

        @Override
        public String toString() {
            return "Session[" + user.id() + "]";
        }
    }

    Session signIn(@Nullable String email, @Nullable String password, @Nullable String totpCode, boolean livemode) {
        if (email == null) {
            throw InvalidRequestException.missingParam("email");
        }
        if (password == null) {
            throw InvalidRequestException.missingParam("password");
        }
        Instant now = clock.instant();
        Optional<User> found = email.length() > 254 || email.indexOf('\0') >= 0 ? Optional.empty() : users.findActiveByEmail(email);
        if (found.isEmpty()) {
            passwords.matches(password, unknownUserHash);
            throw failed();
        }
        User user = found.get();
        if (user.lockedAt(now)) {
            throw new AuthenticationException("sign_in_locked",
                    "Too many failed sign-ins: this user is locked out for a while. Try again later.");
        }
        if (!passwords.matches(password, user.passwordHash())) {
            throw failure(user, now);
        }
        if (user.totpEnabled()) {
            if (totpCode == null || totpCode.isBlank()) {
                throw new AuthenticationException("totp_required", "This user has two-factor on: send totp_code as well.");
            }
            if (!Totp.verify(accounts.openTotp(user), totpCode, now)) {
                throw failure(user, now);
            }
        }
        String token = "sess_" + Ids.randomBase62(40);
        String csrf = Ids.randomBase62(32);
        Instant expires = now.plus(properties.sessionTtl());
        transactions.executeWithoutResult(status -> {
            users.signedIn(user.id());
            sessions.insert(hasher.hash(token), hasher.hash(csrf), user.id(), livemode, now, expires);
        });
        return new Session(user, livemode, token, csrf, expires);
    }

    /** Ends a live session and starts one for the same user in {@code livemode}: no password again, same expiry rules. */
    Session switchMode(SessionRepository.Live current, boolean livemode) {
        User user = users.find(current.accountId(), current.userId())
                .orElseThrow(() -> new AuthenticationException("session_invalid", "This session has ended or expired; sign in again."));
        Instant now = clock.instant();
        String token = "sess_" + Ids.randomBase62(40);
        String csrf = Ids.randomBase62(32);
        Instant expires = now.plus(properties.sessionTtl());
        transactions.executeWithoutResult(status -> {
            sessions.end(current.tokenHash(), now);
            sessions.insert(hasher.hash(token), hasher.hash(csrf), user.id(), livemode, now, expires);
        });
        return new Session(user, livemode, token, csrf, expires);
    }

    void signOut(byte[] sessionTokenHash) {
        sessions.end(sessionTokenHash, clock.instant());
    }

    private AuthenticationException failure(User user, Instant now) {
        Instant until = now.plus(properties.lockout());
        boolean locked = Boolean.TRUE.equals(transactions.execute(status -> {
            boolean justLocked = users.failedSignIn(user.id(), properties.maxFailedSignIns(), until);
            if (justLocked) {
                audit.recordAccountWide(new AccountId(user.accountId()), "user.locked", "user", user.id(),
                        Map.of("locked_until", new AuditLog.Change(null, until.getEpochSecond())));
            }
            return justLocked;
        }));
        return locked ? new AuthenticationException("sign_in_locked",
                "Too many failed sign-ins: this user is locked out for a while. Try again later.") : failed();
    }

    private static AuthenticationException failed() {
        return new AuthenticationException("sign_in_failed", "The email, password or two-factor code is not right.");
    }
}
