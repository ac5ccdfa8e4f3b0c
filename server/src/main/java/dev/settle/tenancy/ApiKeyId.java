package dev.settle.tenancy;

/**
 * An API key's id, {@code key_…}: which credential made a request (for a stream token, the key
 * that minted it). Set on every request authenticated by an account's key, beside its {@link Tenant}.
 */
public record ApiKeyId(String value) {

    public static final String REQUEST_ATTRIBUTE = "settle.api-key";

    @Override
    public String toString() {
        return value;
    }
}
