package dev.settle.tenancy;

/**
 * Whose request this is: one account in one mode. Every object belongs to exactly one
 * tenant, and every query filters by it, so a test key never sees live data and one account
 * never sees another's. Controllers take it as a parameter.
 */
public record Tenant(AccountId account, boolean livemode) {

    public static final String REQUEST_ATTRIBUTE = "settle.tenant";

    public String accountId() {
        return account.value();
    }
}
