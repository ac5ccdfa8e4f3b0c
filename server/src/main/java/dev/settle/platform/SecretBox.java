package dev.settle.platform;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

import org.springframework.stereotype.Component;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Encrypts secrets for storage (webhook signing secrets, stored responses that show one) with
 * AES-256-GCM: a random 96-bit nonce per value, and associated data that binds the ciphertext to
 * where it belongs (say {@code webhooks_endpoints/we_123/acct_9}), so a sealed value copied to
 * another row does not open. A sealed value is text: {@code sbx1.<key id>.<base64 of nonce and
 * ciphertext>}; the key id says which key opens it, so keys can be rotated while old values are
 * still readable.
 */
@Component
public class SecretBox {

    private static final String PREFIX = "sbx1.";
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Request attribute: this request's response shows a secret (so a stored copy of it is sealed). */
    private static final String SHOWS_SECRET = "settle.response-shows-secret";

    private final SecretKeys keys;

    public SecretBox(SecretKeys keys) {
        this.keys = keys;
    }

    /** Marks the response to {@code request} as showing a secret: whoever keeps a copy of it must seal it. */
    public static void markShowsSecret(HttpServletRequest request) {
        request.setAttribute(SHOWS_SECRET, Boolean.TRUE);
    }

    public static boolean showsSecret(HttpServletRequest request) {
        return Boolean.TRUE.equals(request.getAttribute(SHOWS_SECRET));
    }

    /** Whether a key id may be used (it is written into every sealed value). */
    public static boolean validKeyId(String id) {
        return KEY_ID.matcher(id).matches();
    }

    /** Encrypts {@code plaintext} under the primary key, bound to {@code context}. */
    public String seal(String plaintext, String context) {
        return sealBytes(plaintext.getBytes(StandardCharsets.UTF_8), context);
    }

    /** As {@link #seal}, for bytes (a stored response body). */
    public String sealBytes(byte[] plaintext, String context) {
        String keyId = keys.primaryId();
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, keyId, nonce, context);
            byte[] sealed = cipher.doFinal(plaintext);
            byte[] out = ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
            return PREFIX + keyId + "." + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot encrypt with key " + keyId, e);
        }
    }

    /** Decrypts a value {@link #seal sealed} for the same {@code context}; fails if it was altered or moved. */
    public String open(String sealed, String context) {
        return new String(openBytes(sealed, context), StandardCharsets.UTF_8);
    }

    /** As {@link #open}, for bytes. */
    public byte[] openBytes(String sealed, String context) {
        String keyId = keyIdOf(sealed);
        byte[] in = Base64.getDecoder().decode(sealed.substring(PREFIX.length() + keyId.length() + 1));
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, keyId, java.util.Arrays.copyOf(in, NONCE_BYTES), context);
            return cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("A value sealed with key " + keyId + " does not open for " + context
                    + ": altered, moved, or sealed under another key with this id", e);
        }
    }

    /** Whether {@code value} is a sealed value (not a secret stored in the clear by an earlier version). */
    public static boolean isSealed(String value) {
        return value.startsWith(PREFIX);
    }

    /** Whether {@code value} is sealed under the current primary key (nothing to re-encrypt). */
    public boolean sealedWithPrimary(String value) {
        return value.startsWith(primaryPrefix());
    }

    /** What every value sealed under the primary key starts with, for queries that find the others. */
    public String primaryPrefix() {
        return PREFIX + keys.primaryId() + ".";
    }

    private static String keyIdOf(String sealed) {
        int dot = sealed.indexOf('.', PREFIX.length());
        if (!isSealed(sealed) || dot < 0) {
            throw new IllegalStateException("Not a sealed value");
        }
        return sealed.substring(PREFIX.length(), dot);
    }

    private Cipher cipher(int mode, String keyId, byte[] nonce, String context) throws GeneralSecurityException {
        SecretKey key = keys.key(keyId).orElseThrow(() -> new IllegalStateException(
                "No secrets key with id " + keyId + " is configured (settle.secrets.previous-keys." + keyId + ")"));
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD((keyId + "|" + context).getBytes(StandardCharsets.UTF_8));
        return cipher;
    }
}
