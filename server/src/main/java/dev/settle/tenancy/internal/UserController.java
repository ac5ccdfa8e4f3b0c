package dev.settle.tenancy.internal;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.settle.platform.SecretBox;
import dev.settle.shared.ListPage;
import dev.settle.shared.ListParams;
import dev.settle.tenancy.Tenant;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

/** {@code /v1/users}: the account's dashboard users, their invitations, roles and two-factor. */
@RestController
@RequestMapping("/v1/users")
@Tag(name = "Users")
class UserController {

    private final Users users;

    UserController(Users users) {
        this.users = users;
    }

    record InviteRequest(@Nullable String email, @Nullable String role) {
    }

    record AcceptRequest(@Nullable String inviteToken, @Nullable String password) {
    }

    record UpdateUserRequest(@Nullable String role) {
    }

    record EnableTotpRequest(@Nullable String code) {
    }

    record DeletedUserView(String id, String object, boolean deleted) {
    }

    record TotpView(String object, String user, String secret, String otpauthUri) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record UserView(String id, String object, String email, String role, String status, boolean twoFactor, long created,
            @Nullable String inviteToken, @Nullable Long inviteExpiresAt) {

        static UserView of(User user) {
            return new UserView(user.id(), "user", user.email(), user.role().code(), user.active() ? "active" : "invited",
                    user.totpEnabled(), user.created().getEpochSecond(), null,
                    user.inviteExpires() == null ? null : user.inviteExpires().getEpochSecond());
        }
    }

    @PostMapping
    @Operation(operationId = "inviteUser", summary = "Invite a user",
            description = "email and role (owner, admin, developer, analyst) are required. Returns the user with invite_token, "
                    + "shown only here: the invitee accepts with it (POST /v1/users/accept) and sets a password. Owner only.")
    UserView invite(Tenant tenant, @RequestBody InviteRequest request, HttpServletRequest http) {
        Users.Invited invited = users.invite(tenant.account(), request.email(), request.role());
        SecretBox.markShowsSecret(http);
        UserView view = UserView.of(invited.user());
        return new UserView(view.id(), view.object(), view.email(), view.role(), view.status(), view.twoFactor(), view.created(),
                invited.inviteToken(), view.inviteExpiresAt());
    }

    @PostMapping("/accept")
    @Operation(operationId = "acceptInvitation", summary = "Accept an invitation",
            description = "No API key: invite_token and a password (12 to 64 characters) make the invited user active.")
    UserView accept(@RequestBody AcceptRequest request) {
        return UserView.of(users.accept(request.inviteToken(), request.password()));
    }

    @GetMapping("/{id}")
    @Operation(operationId = "retrieveUser", summary = "Retrieve a user")
    UserView retrieve(Tenant tenant, @PathVariable String id) {
        return UserView.of(users.retrieve(tenant.account(), id));
    }

    @GetMapping
    @Operation(operationId = "listUsers", summary = "List users", description = "Newest first; limit, starting_after, ending_before.")
    ListPage<UserView> list(Tenant tenant,
            @RequestParam(required = false) @Nullable String limit,
            @RequestParam(name = "starting_after", required = false) @Nullable String startingAfter,
            @RequestParam(name = "ending_before", required = false) @Nullable String endingBefore) {
        return users.list(tenant.account(), ListParams.parse(limit, startingAfter, endingBefore)).map(UserView::of);
    }

    @PostMapping("/{id}")
    @Operation(operationId = "updateUser", summary = "Change a user's role",
            description = "role: owner, admin, developer or analyst. The user's sessions end. The last owner keeps its role. Owner only.")
    UserView update(Tenant tenant, @PathVariable String id, @RequestBody UpdateUserRequest request) {
        return UserView.of(users.changeRole(tenant.account(), id, request.role()));
    }

    @DeleteMapping("/{id}")
    @Operation(operationId = "deleteUser", summary = "Remove a user", description = "Its sessions end. The last owner stays. Owner only.")
    DeletedUserView delete(Tenant tenant, @PathVariable String id) {
        users.remove(tenant.account(), id);
        return new DeletedUserView(id, "user", true);
    }

    @PostMapping("/{id}/totp")
    @Operation(operationId = "startUserTotp", summary = "Start two-factor for yourself",
            description = "Signed in as this user: returns a new TOTP secret (RFC 6238, SHA1, 6 digits, 30 s) and its otpauth URI, "
                    + "shown only here. Two-factor is on once enabled with a code from it.")
    TotpView startTotp(Tenant tenant, @PathVariable String id, HttpServletRequest http) {
        Users.requireSelf(http.getAttribute(AuditEntries.USER_ATTRIBUTE), id);
        User user = users.retrieve(tenant.account(), id);
        String secret = users.startTotp(tenant.account(), id);
        SecretBox.markShowsSecret(http);
        return new TotpView("totp_setup", id, secret, Totp.uri("Settle", user.email(), secret));
    }

    @PostMapping("/{id}/totp/enable")
    @Operation(operationId = "enableUserTotp", summary = "Turn two-factor on for yourself",
            description = "code: the current code of the secret from POST /v1/users/{id}/totp. From then on, signing in needs totp_code.")
    UserView enableTotp(Tenant tenant, @PathVariable String id, @RequestBody EnableTotpRequest request, HttpServletRequest http) {
        Users.requireSelf(http.getAttribute(AuditEntries.USER_ATTRIBUTE), id);
        users.enableTotp(tenant.account(), id, request.code());
        return UserView.of(users.retrieve(tenant.account(), id));
    }
}
