package dev.settle.shared;

import java.security.SecureRandom;
import java.time.Instant;

/**
 * Prefixed object ids such as {@code cus_4fT9...}: the prefix names the kind of object,
 * the rest is 24 base62 characters (about 143 bits) from a {@link SecureRandom}.
 */
public final class Ids {

    private static final char[] ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    public static String newId(String prefix) {
        return prefix + "_" + randomBase62(24);
    }

    /**
     * An id of the same shape whose first 8 characters are {@code time} in milliseconds, in base62
     * (good until the year 8888), and whose other 16 are random (about 95 bits), so ids made later
     * sort after: an index over them grows at its end instead of at random places. For objects
     * made in volume whose creation time is public anyway (events).
     */
    public static String newTimeOrderedId(String prefix, Instant time) {
        char[] chars = new char[8];
        long millis = time.toEpochMilli();
        for (int i = chars.length - 1; i >= 0; i--) {
            chars[i] = ALPHABET[(int) (millis % 62)];
            millis /= 62;
        }
        return prefix + "_" + new String(chars) + randomBase62(16);
    }

    /**
     * {@code length} base62 characters, from one read of the secure random source. Bytes at or
     * above 248 (= 4 × 62) are skipped, so every character is uniform.
     */
    public static String randomBase62(int length) {
        char[] chars = new char[length];
        byte[] bytes = new byte[length + 8];
        int filled = 0;
        while (filled < length) {
            RANDOM.nextBytes(bytes);
            for (int i = 0; i < bytes.length && filled < length; i++) {
                int value = bytes[i] & 0xff;
                if (value < 248) {
                    chars[filled++] = ALPHABET[value % 62];
                }
            }
        }
        return new String(chars);
    }

    /** True when {@code id} has the given prefix and a plausible body; used to reject garbage early. */
    public static boolean looksLike(String prefix, String id) {
        return id.startsWith(prefix + "_") && id.length() <= prefix.length() + 1 + 64
                && id.substring(prefix.length() + 1).chars().allMatch(Character::isLetterOrDigit);
    }
}
