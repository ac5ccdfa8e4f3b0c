package dev.settle.tenancy.internal;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.settle.platform.SecretBox;
import dev.settle.shared.InvalidRequestException;
import dev.settle.shared.ListPage;
import dev.settle.shared.ListParams;
import dev.settle.shared.PermissionException;
import dev.settle.shared.ResourceNotFoundException;
import dev.settle.tenancy.Tenant;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

/**
 * {@code /v1/api_keys}: an account's own restricted keys, in the mode of the request. Secret keys are
 * listed (redacted) but minted and revoked only by the operator API. A restricted key cannot reach
 * these routes at all ({@code api_keys} is no scope), so no key can mint a wider one; and a dashboard
 * user can grant a {@code write} scope only where its own role may write, so no user can either.
 */
@RestController
@RequestMapping("/v1/api_keys")
@Tag(name = "API keys")
class ApiKeyController {

    private final ApiKeys keys;

    ApiKeyController(ApiKeys keys) {
        this.keys = keys;
    }

    record NewKeyRequest(@Nullable String type, @Nullable String name, @Nullable List<String> scopes) {
    }

    @GetMapping
    @Operation(operationId = "listAccountApiKeys", summary = "List this mode's API keys",
            description = "Newest first, redacted; secrets are never returned again. limit, starting_after, ending_before.")
    ListPage<ApiKeyView> list(Tenant tenant,
            @RequestParam(required = false) @Nullable String limit,
            @RequestParam(name = "starting_after", required = false) @Nullable String startingAfter,
            @RequestParam(name = "ending_before", required = false) @Nullable String endingBefore) {
        ListParams params = ListParams.parse(limit, startingAfter, endingBefore);
        return ListPage.of(keys.page(tenant, params), params, "/v1/api_keys").map(key -> ApiKeyView.of(key, null));
    }

    @GetMapping("/{id}")
    @Operation(operationId = "retrieveAccountApiKey", summary = "Retrieve an API key", description = "Redacted.")
    ApiKeyView retrieve(Tenant tenant, @PathVariable String id) {
        return ApiKeyView.of(find(tenant, id), null);
    }

    @PostMapping
    @Transactional
    @Operation(operationId = "createRestrictedKey", summary = "Create a restricted key",
            description = "scopes (required, such as [\"customers:read\", \"refunds:write\"]) and an optional name; type, if given, "
                    + "must be restricted. The key works in this request's mode. secret is in this response only. Signed in as a "
                    + "dashboard user, a write scope needs a role that may write that resource.")
    ApiKeyView create(Tenant tenant, @RequestBody(required = false) @Nullable NewKeyRequest request, HttpServletRequest http) {
        NewKeyRequest body = request == null ? new NewKeyRequest(null, null, null) : request;
        if (body.type() != null && !body.type().equals("restricted")) {
            throw InvalidRequestException.invalidParam("type",
                    "Only restricted keys are created here; secret keys come from the operator API (POST /v1/accounts/{id}/keys).");
        }
        if (body.scopes() == null) {
            throw InvalidRequestException.missingParam("scopes");
        }
        List<String> scopes = Scopes.validate(body.scopes());
        if (http.getAttribute(UserSessions.ROLE_ATTRIBUTE) instanceof Role role) {
            for (int i = 0; i < body.scopes().size(); i++) {
                String scope = body.scopes().get(i);
                String resource = scope.substring(0, scope.indexOf(':'));
                if (scope.endsWith(":write") && !role.allows("POST", "/v1/" + resource)) {
                    throw new PermissionException("role_forbidden", "Your role (" + role.code() + ") cannot grant " + scope
                            + ": a key may do no more than the user who makes it.", "scopes[" + i + "]");
                }
            }
        }
        String name = body.name() == null ? null : OperatorController.checkName(body.name(), "name");
        ApiKeys.MintedKey minted = keys.mint(tenant.accountId(), tenant.livemode(), ApiKey.Type.RESTRICTED, name, scopes);
        SecretBox.markShowsSecret(http);
        return ApiKeyView.of(minted.key(), minted.secret());
    }

    @PostMapping("/{id}/revoke")
    @Operation(operationId = "revokeRestrictedKey", summary = "Revoke a restricted key",
            description = "At once on this node, within settle.tenancy.key-cache-ttl on the others; revoking twice is harmless. "
                    + "Secret keys are revoked by the operator API.")
    ApiKeyView revoke(Tenant tenant, @PathVariable String id) {
        ApiKey key = find(tenant, id);
        if (key.type() != ApiKey.Type.RESTRICTED) {
            throw InvalidRequestException.invalidParam("id",
                    "Secret keys are revoked by the operator API (POST /v1/accounts/{id}/keys/{key_id}/revoke).");
        }
        keys.revoke(tenant.accountId(), id);
        return ApiKeyView.of(find(tenant, id), null);
    }

    /** The tenant's key of this mode; another account's or mode's is indistinguishable from none. */
    private ApiKey find(Tenant tenant, String id) {
        return keys.find(tenant.accountId(), id).filter(key -> key.livemode() == tenant.livemode())
                .orElseThrow(() -> new ResourceNotFoundException("api_key", id, "id"));
    }
}
