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

    public static String randomBase62(int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(chars);
    }

    /** True when {@code id} has the given prefix and a plausible body; used to reject garbage early. */
    public static boolean looksLike(String prefix, String id) {
        return id.startsWith(prefix + "_") && id.length() <= prefix.length() + 1 + 64
                && id.substring(prefix.length() + 1).chars().allMatch(Character::isLetterOrDigit);
    }
}
