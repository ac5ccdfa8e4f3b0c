package dev.settle.tenancy.internal;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.settle.shared.InvalidRequestException;
import dev.settle.shared.ResourceNotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * The operator API: accounts and their keys, called with the installation's operator token.
 * Responses that mint a key carry its plaintext once; it is never stored or shown again, which
 * is also why these endpoints do not replay responses for an Idempotency-Key.
 */
@RestController
@RequestMapping("/v1/accounts")
@Tag(name = "Accounts (operator)")
@SecurityRequirement(name = "operator")
class OperatorController {

    private final Accounts accounts;
    private final ApiKeys keys;

    OperatorController(Accounts accounts, ApiKeys keys) {
        this.accounts = accounts;
        this.keys = keys;
    }

    record CreateAccountRequest(@Nullable String name) {
    }

    record AccountView(String id, String object, String name, long created, @Nullable Map<String, ApiKeyView> keys) {

        @Override
        @JsonInclude(JsonInclude.Include.NON_NULL)
        public @Nullable Map<String, ApiKeyView> keys() {
            return keys;
        }
    }

    record CreateKeyRequest(@Nullable String type, @Nullable Boolean livemode, @Nullable String name, @Nullable List<String> scopes) {
    }

    record KeyList(String object, List<ApiKeyView> data, boolean hasMore) {
    }

    @PostMapping
    @Operation(operationId = "createAccount", summary = "Create an account", description = "Returns the account with one test and one live secret key, shown only here.")
    AccountView create(@RequestBody(required = false) @Nullable CreateAccountRequest request) {
        String name = request == null || request.name() == null ? "Unnamed account" : checkName(request.name(), "name");
        Accounts.CreatedAccount created = accounts.create(name);
        return new AccountView(created.account().id(), "account", created.account().name(),
                created.account().created().getEpochSecond(),
                Map.of("test", ApiKeyView.of(created.testKey().key(), created.testKey().secret()),
                        "live", ApiKeyView.of(created.liveKey().key(), created.liveKey().secret())));
    }

    @GetMapping("/{accountId}")
    @Operation(operationId = "retrieveAccount", summary = "Retrieve an account")
    AccountView retrieve(@PathVariable String accountId) {
        AccountRepository.Account account = accounts.find(accountId);
        return new AccountView(account.id(), "account", account.name(), account.created().getEpochSecond(), null);
    }

    record UpdateAccountRequest(@Nullable String name) {
    }

    @PostMapping("/{accountId}")
    @Operation(operationId = "updateAccount", summary = "Update an account", description = "Sets the account's name.")
    AccountView update(@PathVariable String accountId, @RequestBody UpdateAccountRequest request) {
        if (request.name() == null) {
            throw InvalidRequestException.invalidParam("name", "name is required.");
        }
        AccountRepository.Account account = accounts.update(accountId, checkName(request.name(), "name"));
        return new AccountView(account.id(), "account", account.name(), account.created().getEpochSecond(), null);
    }

    @GetMapping("/{accountId}/keys")
    @Operation(operationId = "listApiKeys", summary = "List an account's API keys", description = "Keys are shown redacted; secrets are never returned again.")
    KeyList listKeys(@PathVariable String accountId) {
        accounts.find(accountId);
        return new KeyList("list", keys.list(accountId).stream().map(key -> ApiKeyView.of(key, null)).toList(), false);
    }

    @PostMapping("/{accountId}/keys")
    @Transactional
    @Operation(operationId = "createApiKey", summary = "Create an API key", description = "type is secret or restricted (restricted keys need scopes such as customers:read).")
    ApiKeyView createKey(@PathVariable String accountId, @RequestBody CreateKeyRequest request) {
        accounts.find(accountId);
        ApiKey.Type type = switch (request.type() == null ? "secret" : request.type()) {
            case "secret" -> ApiKey.Type.SECRET;
            case "restricted" -> ApiKey.Type.RESTRICTED;
            default -> throw InvalidRequestException.invalidParam("type", "type must be secret or restricted.");
        };
        List<String> scopes = List.of();
        if (type == ApiKey.Type.RESTRICTED) {
            scopes = Scopes.validate(request.scopes() == null ? List.of() : request.scopes());
        } else if (request.scopes() != null && !request.scopes().isEmpty()) {
            throw InvalidRequestException.invalidParam("scopes", "Only restricted keys take scopes; secret keys can do everything.");
        }
        String name = request.name() == null ? null : checkName(request.name(), "name");
        ApiKeys.MintedKey minted = keys.mint(accountId, Boolean.TRUE.equals(request.livemode()), type, name, scopes);
        return ApiKeyView.of(minted.key(), minted.secret());
    }

    @PostMapping("/{accountId}/keys/{keyId}/revoke")
    @Operation(operationId = "revokeApiKey", summary = "Revoke an API key", description = "Takes effect immediately; revoking twice is harmless.")
    ApiKeyView revokeKey(@PathVariable String accountId, @PathVariable String keyId) {
        accounts.find(accountId);
        keys.revoke(accountId, keyId);
        return keys.find(accountId, keyId)
                .map(key -> ApiKeyView.of(key, null))
                .orElseThrow(() -> new ResourceNotFoundException("api_key", keyId, "key"));
    }

    static String checkName(String name, String param) {
        if (name.isBlank() || name.length() > 200 || name.indexOf('\0') >= 0) {
            throw InvalidRequestException.invalidParam(param, param + " must be 1 to 200 characters.");
        }
        return name;
    }
}
