package dev.settle.files;

/**
 * An object in the store: {@code key} is {@code <prefix>/<sha256>}, the reference a caller
 * keeps; {@code sha256} the lowercase hex digest of its bytes; {@code size} their count.
 */
public record StoredFile(String key, String sha256, long size) {
}
