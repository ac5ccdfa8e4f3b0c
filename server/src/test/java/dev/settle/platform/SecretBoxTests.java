package dev.settle.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

/** AES-GCM sealing: round trip, a fresh nonce each time, bound to its row, and keys told apart by id. */
class SecretBoxTests {

    static SecretKeys keys(String primary, Map<String, byte[]> keys) {
        return new SecretKeys() {
            @Override
            public String primaryId() {
                return primary;
            }

            @Override
            public Optional<SecretKey> key(String id) {
                return Optional.ofNullable(keys.get(id)).map(bytes -> new SecretKeySpec(bytes, "AES"));
            }
        };
    }

    static byte[] key(int fill) {
        byte[] bytes = new byte[32];
        java.util.Arrays.fill(bytes, (byte) fill);
        return bytes;
    }

    @Test
    void sealsWithTheKeyIdAndOpensOnlyForTheSameContext() {
        SecretBox box = new SecretBox(keys("k1", Map.of("k1", key(1))));
        String sealed = box.seal("whsec_abc", "webhooks_endpoints/we_1/acct_1");

        assertThat(sealed).startsWith("sbx1.k1.").doesNotContain("whsec_abc");
        assertThat(box.open(sealed, "webhooks_endpoints/we_1/acct_1")).isEqualTo("whsec_abc");
        assertThat(box.seal("whsec_abc", "webhooks_endpoints/we_1/acct_1")).as("a fresh nonce every time").isNotEqualTo(sealed);
        byte[] nonceAndCiphertext = Base64.getDecoder().decode(sealed.substring("sbx1.k1.".length()));
        assertThat(nonceAndCiphertext).as("96-bit nonce, ciphertext, 128-bit tag").hasSize(12 + "whsec_abc".length() + 16);
        assertThatThrownBy(() -> box.open(sealed, "webhooks_endpoints/we_2/acct_1"))
                .as("copied to another row, it does not open").isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refusesAlteredCiphertext() {
        SecretBox box = new SecretBox(keys("k1", Map.of("k1", key(1))));
        String sealed = box.seal("whsec_abc", "ctx");
        byte[] raw = Base64.getDecoder().decode(sealed.substring("sbx1.k1.".length()));
        raw[raw.length - 1] ^= 1;
        String altered = "sbx1.k1." + Base64.getEncoder().encodeToString(raw);

        assertThatThrownBy(() -> box.open(altered, "ctx")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anEarlierKeyStillOpensWhatItSealedAndNewValuesUseThePrimary() {
        String old = new SecretBox(keys("k1", Map.of("k1", key(1)))).seal("whsec_old", "ctx");
        SecretBox rotated = new SecretBox(keys("k2", Map.of("k1", key(1), "k2", key(2))));

        assertThat(rotated.open(old, "ctx")).isEqualTo("whsec_old");
        assertThat(rotated.sealedWithPrimary(old)).isFalse();
        assertThat(rotated.seal("whsec_new", "ctx")).startsWith("sbx1.k2.");
        SecretBox withoutOld = new SecretBox(keys("k2", Map.of("k2", key(2))));
        assertThatThrownBy(() -> withoutOld.open(old, "ctx")).hasMessageContaining("No secrets key with id k1");
    }

    @Test
    void aRelabelledKeyIdDoesNotOpen() {
        SecretBox box = new SecretBox(keys("k1", Map.of("k1", key(1), "k2", key(1))));
        String sealed = box.seal("whsec_abc", "ctx");

        assertThatThrownBy(() -> box.open(sealed.replace("sbx1.k1.", "sbx1.k2."), "ctx"))
                .as("the key id is part of the associated data").isInstanceOf(IllegalStateException.class);
    }
}
