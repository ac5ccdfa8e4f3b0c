package dev.settle.files;

import java.net.URI;
import java.time.Instant;

/**
 * A short-lived URL that downloads one stored object with a plain GET and no credentials: a
 * presigned GET on S3, a URL signed by this node on the local store. It stops working at
 * {@code expiresAt}.
 */
public record FileLink(URI url, Instant expiresAt) {
}
