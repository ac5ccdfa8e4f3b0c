package dev.settle.tenancy;

/** An account's id, {@code acct_…}. */
public record AccountId(String value) {

    @Override
    public String toString() {
        return value;
    }
}
