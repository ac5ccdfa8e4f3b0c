package dev.settle.ratelimits.internal;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.settle.shared.InvalidRequestException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The operator API for an account's rate limits (docs/api.md, "Rate limits"). */
@RestController
@Tag(name = "Accounts (operator)")
@SecurityRequirement(name = "operator")
class RateLimitController {

    static final int MAX_PER_SECOND = 100_000;

    private final AccountLimits limits;

    RateLimitController(AccountLimits limits) {
        this.limits = limits;
    }

    record RateLimitsRequest(@Nullable Integer live, @Nullable Integer test) {
    }

    record Limit(int perSecond, String source) {
    }

    record RateLimitsView(String object, String account, Limit live, Limit test) {

        static RateLimitsView of(String account, AccountLimits.Limits own, RateLimitProperties defaults) {
            return new RateLimitsView("rate_limits", account, limit(own.live(), defaults.live()), limit(own.test(), defaults.test()));
        }

        private static Limit limit(@Nullable Integer own, int fallback) {
            return own != null ? new Limit(own, "account") : new Limit(fallback, "default");
        }
    }

    @GetMapping("/v1/accounts/{accountId}/rate_limits")
    @Operation(operationId = "getRateLimits", summary = "An account's rate limits",
            description = "Requests per second per API key, for live and test keys; source is account (set here) or default.")
    RateLimitsView get(@PathVariable String accountId) {
        return RateLimitsView.of(accountId, limits.forAccount(accountId), limits.defaults());
    }

    @PostMapping("/v1/accounts/{accountId}/rate_limits")
    @Operation(operationId = "setRateLimits", summary = "Set an account's rate limits",
            description = "Sets both limits, in requests per second per API key (1 to 100000); a field left out or null "
                    + "goes back to the installation's default (settle.rate-limits.live / .test).")
    RateLimitsView set(@PathVariable String accountId, @RequestBody RateLimitsRequest request) {
        AccountLimits.Limits own = new AccountLimits.Limits(checked("live", request.live()), checked("test", request.test()));
        limits.set(accountId, own);
        return RateLimitsView.of(accountId, own, limits.defaults());
    }

    private static @Nullable Integer checked(String param, @Nullable Integer perSecond) {
        if (perSecond != null && (perSecond < 1 || perSecond > MAX_PER_SECOND)) {
            throw InvalidRequestException.invalidParam(param, "Invalid value for " + param + ": requests per second from 1 to "
                    + MAX_PER_SECOND + ".");
        }
        return perSecond;
    }
}
