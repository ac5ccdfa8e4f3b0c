package dev.settle.tenancy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** RFC 6238's test vectors (Appendix B, SHA1), and the ±1 step window. */
class TotpTests {

    static final byte[] RFC_SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest
    @CsvSource({
            "59, 94287082",
            "1111111109, 07081804",
            "1111111111, 14050471",
            "1234567890, 89005924",
            "2000000000, 69279037",
            "20000000000, 65353130"})
    void matchesTheRfcTestVectors(long time, String expected) {
        assertThat(Totp.code(RFC_SEED, Instant.ofEpochSecond(time), 8)).isEqualTo(expected);
    }

    @Test
    void sixDigitCodesAreTheLastSixOfTheRfcValuesAndVerifyWithinOneStep() {
        String secret = Totp.base32(RFC_SEED);
        assertThat(secret).isEqualTo("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        assertThat(Totp.fromBase32(secret)).isEqualTo(RFC_SEED);
        Instant at = Instant.ofEpochSecond(1111111109);

        assertThat(Totp.code(RFC_SEED, at, 6)).isEqualTo("081804");
        assertThat(Totp.verify(secret, "081804", at)).isTrue();
        assertThat(Totp.verify(secret, "081804", at.plusSeconds(30))).as("one step late").isTrue();
        assertThat(Totp.verify(secret, "081804", at.plusSeconds(61))).as("two steps late").isFalse();
        assertThat(Totp.verify(secret, "081805", at)).isFalse();
        assertThat(Totp.verify(secret, "81804", at)).isFalse();
    }
}
