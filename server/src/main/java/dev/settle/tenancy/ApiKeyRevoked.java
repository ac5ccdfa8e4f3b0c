package dev.settle.tenancy;

/**
 * A key was revoked just now: on this node, published after the revoke is written, so what a
 * listener ends (an open event stream, say) cannot come back with the key; or on another node,
 * when the cluster's broker (SETTLE_AMQP_URI) brings word of it. Without a broker other nodes
 * learn of a revoke through their key cache's expiry (1 s; docs/api.md).
 */
public record ApiKeyRevoked(ApiKeyId key) {
}
