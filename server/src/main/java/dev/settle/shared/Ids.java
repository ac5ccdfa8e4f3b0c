package dev.settle.shared;

import java.security.SecureRandom;

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
