package dev.settle.tenancy.internal;

import java.time.Instant;

/** The current TOTP code of a base32 secret, for tests outside this package (an authenticator app's part). */
public final class TotpCodes {

    private TotpCodes() {
    }

    public static String now(String base32Secret) {
        return Totp.code(Totp.fromBase32(base32Secret), Instant.now(), Totp.DIGITS);
    }
}
