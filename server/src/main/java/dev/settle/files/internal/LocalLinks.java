package dev.settle.files.internal;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.settle.files.FileLink;

/**
 * The local store's counterpart of a presigned GET: {@code /files/download?key=…&expires=…&signature=…},
 * an HMAC-SHA256 over what the URL names and when it stops working, served by
 * {@link LocalDownloadController} without credentials. The key is drawn when the node starts and
 * never leaves it, so a link works on the node that made it until it expires or that node
 * restarts (a local store is one node's anyway).
 */
final class LocalLinks {

    private final byte[] key;
    private final Clock clock;
    private final Duration ttl;

    LocalLinks(Clock clock, Duration ttl) {
        this.key = new byte[32];
        new SecureRandom().nextBytes(this.key);
        this.clock = clock;
        this.ttl = ttl;
    }

    FileLink link(String objectKey, String filename, String contentType, URI base) {
        Instant expires = clock.instant().plus(ttl);
        long seconds = expires.getEpochSecond();
        String url = base.toString().replaceAll("/+$", "") + "/files/download?key=" + encode(objectKey) + "&name=" + encode(filename)
                + "&type=" + encode(contentType) + "&expires=" + seconds + "&signature=" + signature(objectKey, filename, contentType, seconds);
        return new FileLink(URI.create(url), Instant.ofEpochSecond(seconds));
    }

    /** Whether the signature is this node's for these values, and the link has not expired. */
    boolean valid(String objectKey, String filename, String contentType, long expires, String signature) {
        if (clock.instant().getEpochSecond() > expires) {
            return false;
        }
        byte[] expected = signature(objectKey, filename, contentType, expires).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII));
    }

    private String signature(String objectKey, String filename, String contentType, long expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] signed = mac.doFinal((objectKey + "\n" + filename + "\n" + contentType + "\n" + expires).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(signed);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
