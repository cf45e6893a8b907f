package com.encrata.webhooks.delivery.engine;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.encrata.webhooks.platform.crypto.SecretCipher;

/**
 * The plaintext secrets a delivery is signed with: the webhook's current one and its unexpired
 * retired ones (which still sign {@code webhook-signature}). Ciphertexts are bound to the webhook id.
 */
@ApplicationScoped
public class SigningSecrets {

    /** The current secret and the retired ones that could be decrypted, newest first. */
    public record Keys(String current, List<String> retired) {
    }

    private final SecretCipher cipher;

    public SigningSecrets(SecretCipher cipher) {
        this.cipher = cipher;
    }

    /** Empty when the current secret cannot be decrypted: such a delivery is never sent unsigned. */
    public Optional<Keys> of(UUID webhookId, String currentCiphertext, List<String> retiredCiphertexts) {
        String aad = webhookId.toString();
        return cipher.decrypt(currentCiphertext, aad).map(current -> new Keys(current,
                retiredCiphertexts.stream().map(c -> cipher.decrypt(c, aad)).flatMap(Optional::stream).toList()));
    }
}
