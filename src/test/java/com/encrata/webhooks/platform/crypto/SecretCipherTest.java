package com.encrata.webhooks.platform.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;

import org.junit.jupiter.api.Test;

import com.encrata.webhooks.support.Ciphers;

class SecretCipherTest {

    private static final String KEY_A = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String KEY_B = Base64.getEncoder().encodeToString("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb".getBytes());

    private static SecretCipher cipher(String key, String previous) {
        return Ciphers.withKeys(key, previous);
    }

    @Test
    void roundTripsWithAssociatedData() {
        SecretCipher cipher = cipher(KEY_A, null);
        String sealed = cipher.encrypt("whsec_abc", "row-1");
        assertThat(sealed).doesNotContain("whsec_abc").startsWith("v1:");
        assertThat(cipher.decrypt(sealed, "row-1")).contains("whsec_abc");
        assertThat(cipher.decrypt(sealed, "row-2")).isEmpty();
    }

    @Test
    void usesAFreshNonceEachTime() {
        SecretCipher cipher = cipher(KEY_A, null);
        assertThat(cipher.encrypt("same", "id")).isNotEqualTo(cipher.encrypt("same", "id"));
    }

    @Test
    void previousKeyStillDecryptsAfterRotation() {
        String sealedUnderA = cipher(KEY_A, null).encrypt("whsec_old", "id");
        SecretCipher rotated = cipher(KEY_B, KEY_A);
        assertThat(rotated.decrypt(sealedUnderA, "id")).contains("whsec_old");
        assertThat(rotated.isStale(sealedUnderA)).isTrue();
        assertThat(cipher(KEY_B, null).decrypt(sealedUnderA, "id")).isEmpty();
    }

    @Test
    void tamperedCiphertextIsRefused() {
        SecretCipher cipher = cipher(KEY_A, null);
        String sealed = cipher.encrypt("whsec_abc", "id");
        int at = sealed.lastIndexOf(':') + 20;
        String tampered = sealed.substring(0, at) + (sealed.charAt(at) == 'A' ? 'B' : 'A') + sealed.substring(at + 1);
        assertThat(cipher.decrypt(tampered, "id")).isEmpty();
        assertThat(cipher.decrypt("garbage", "id")).isEmpty();
    }

    @Test
    void refusesKeyOfWrongLength() {
        assertThatThrownBy(() -> cipher(Base64.getEncoder().encodeToString(new byte[16]), null))
                .hasMessageContaining("ENCRATA_SECRETS_KEY");
    }
}
