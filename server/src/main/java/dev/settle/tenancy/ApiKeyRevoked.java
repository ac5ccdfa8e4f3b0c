package dev.settle.tenancy;

/**
 * A key was revoked, on this node, just now. Published after the revoke is written, so what a
 * listener ends (an open event stream, say) cannot come back with the key. Other nodes learn of
 * a revoke through their key cache's expiry instead (docs/api.md).
 */
public record ApiKeyRevoked(ApiKeyId key) {
}
