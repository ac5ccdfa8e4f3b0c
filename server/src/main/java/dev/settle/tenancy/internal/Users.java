package dev.settle.tenancy.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.settle.platform.SecretBox;
import dev.settle.shared.ConflictException;
import dev.settle.shared.Ids;
import dev.settle.shared.InvalidRequestException;
import dev.settle.shared.ListPage;
import dev.settle.shared.ListParams;
import dev.settle.shared.PermissionException;
import dev.settle.shared.ResourceNotFoundException;
import dev.settle.tenancy.AccountId;
import dev.settle.tenancy.AuditLog;

/**
 * Dashboard users of an account: invited by the owner (or with a secret key) with a role, active
 * once they accept with a password; roles changed and users removed by the owner, never leaving
 * the account without an owner. Every change is in the audit log.
 */
@Service
class Users {

    private static final int MIN_PASSWORD = 12;
    private static final int MAX_PASSWORD = 64;

    private final UserRepository users;
    private final SessionRepository sessions;
    private final KeyHasher hasher;
    private final PasswordEncoder passwords;
    private final SecretBox box;
    private final AuditLog audit;
    private final UsersProperties properties;
    private final Clock clock;

    Users(UserRepository users, SessionRepository sessions, KeyHasher hasher, PasswordEncoder passwords, SecretBox box,
            AuditLog audit, UsersProperties properties, Clock clock) {
        this.users = users;
        this.sessions = sessions;
        this.hasher = hasher;
        this.passwords = passwords;
        this.box = box;
        this.audit = audit;
        this.properties = properties;
        this.clock = clock;
    }

    /** A new invitation: the token exists only here and in the response that shows it. */
    record Invited(User user, String inviteToken) {

        @Override
        public String toString() {
            return "Invited[" + user.id() + "]";
        }
    }

    @Transactional
    Invited invite(AccountId account, @Nullable String email, @Nullable String roleCode) {
        String address = UserFields.email(email);
        Role role = UserFields.role(roleCode);
        if (users.emailTaken(address)) {
            throw new InvalidRequestException("email_taken", "A user with this email already exists.", "email");
        }
        Instant now = clock.instant();
        String token = "inv_" + Ids.randomBase62(40);
        User user = new User(Ids.newId("user"), account.value(), address, role, null, null, false, null,
                now.plus(properties.inviteTtl()), now);
        users.insertInvited(user, hasher.hash(token));
        Map<String, @Nullable Object> fields = new LinkedHashMap<>();
        fields.put("email", address);
        fields.put("role", role.code());
        audit.recordAccountWide(account, "user.invited", "user", user.id(), AuditLog.created(fields));
        return new Invited(user, token);
    }

    /** Sets the password of an open invitation; the token then stops working. */
    @Transactional
    User accept(@Nullable String token, @Nullable String password) {
        if (token == null || token.isBlank()) {
            throw InvalidRequestException.missingParam("invite_token");
        }
        String checked = password(password);
        Instant now = clock.instant();
        User user = users.findByInviteForUpdate(hasher.hash(token), now)
                .orElseThrow(() -> new InvalidRequestException("invite_invalid",
                        "This invitation is unknown, used or expired; ask the account's owner for a new one.", "invite_token"));
        users.accept(user.id(), passwords.encode(checked));
        audit.recordAccountWide(new AccountId(user.accountId()), "user.accepted", "user", user.id(), Map.of());
        return users.find(user.accountId(), user.id()).orElseThrow();
    }

    User retrieve(AccountId account, String id) {
        return users.find(account.value(), id).orElseThrow(() -> notFound(id));
    }

    ListPage<User> list(AccountId account, ListParams params) {
        return ListPage.of(users.list(account.value(), params), params, "/v1/users");
    }

    /** Changes a user's role; its sessions end, so the new role applies at once. */
    @Transactional
    User changeRole(AccountId account, String id, @Nullable String roleCode) {
        Role role = UserFields.role(roleCode);
        User user = users.findForUpdate(account.value(), id).orElseThrow(() -> notFound(id));
        if (user.role() == role) {
            return user;
        }
        keepAnOwner(account, user);
        users.setRole(id, role);
        sessions.endAll(id, clock.instant());
        audit.recordAccountWide(account, "user.role_changed", "user", id,
                Map.of("role", new AuditLog.Change(user.role().code(), role.code())));
        return users.find(account.value(), id).orElseThrow();
    }

    @Transactional
    void remove(AccountId account, String id) {
        User user = users.findForUpdate(account.value(), id).orElseThrow(() -> notFound(id));
        keepAnOwner(account, user);
        Instant now = clock.instant();
        users.remove(id, now);
        sessions.endAll(id, now);
        audit.recordAccountWide(account, "user.removed", "user", id, Map.of("removed", new AuditLog.Change(null, now.getEpochSecond())));
    }

    /** A new TOTP secret for the user (not required until enabled with a code from it). */
    @Transactional
    String startTotp(AccountId account, String id) {
        users.findForUpdate(account.value(), id).orElseThrow(() -> notFound(id));
        String secret = Totp.newSecret();
        users.setTotp(id, box.seal(secret, totpContext(id)), false);
        return secret;
    }

    @Transactional
    void enableTotp(AccountId account, String id, @Nullable String code) {
        User user = users.findForUpdate(account.value(), id).orElseThrow(() -> notFound(id));
        if (user.totpSecret() == null) {
            throw new ConflictException("totp_not_started", "Start two-factor first (POST /v1/users/{id}/totp).", null);
        }
        if (code == null || !Totp.verify(openTotp(user), code, clock.instant())) {
            throw new InvalidRequestException("totp_code_invalid", "That code is not the current one of this secret.", "code");
        }
        users.setTotp(id, user.totpSecret(), true);
        audit.recordAccountWide(account, "user.totp_enabled", "user", id, Map.of("totp_enabled", new AuditLog.Change(false, true)));
    }

    String openTotp(User user) {
        return box.open(java.util.Objects.requireNonNull(user.totpSecret()), totpContext(user.id()));
    }

    /** Refuses a change that would leave the account with no active owner. */
    private void keepAnOwner(AccountId account, User changed) {
        if (changed.role() == Role.OWNER && changed.active() && users.activeOwners(account.value()) <= 1) {
            throw new ConflictException("last_owner", "The account's last owner cannot be removed or given another role.", null);
        }
    }

    /** Only the user itself sets up its two-factor. */
    static void requireSelf(@Nullable Object sessionUser, String id) {
        if (!id.equals(sessionUser)) {
            throw new PermissionException("user_session_required", "Only the user itself, signed in, can set up its two-factor.");
        }
    }

    private static String password(@Nullable String password) {
        if (password == null) {
            throw InvalidRequestException.missingParam("password");
        }
        if (password.length() < MIN_PASSWORD || password.length() > MAX_PASSWORD
                || password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 72 || password.indexOf('\0') >= 0) {
            throw InvalidRequestException.invalidParam("password",
                    "password must be " + MIN_PASSWORD + " to " + MAX_PASSWORD + " characters (at most 72 bytes in UTF-8).");
        }
        return password;
    }

    private static String totpContext(String userId) {
        return "tenancy_users/" + userId + "/totp";
    }

    static ResourceNotFoundException notFound(String id) {
        return new ResourceNotFoundException("user", id, "id");
    }
}
