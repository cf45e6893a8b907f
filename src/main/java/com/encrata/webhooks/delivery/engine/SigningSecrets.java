package com.encrata.webhooks.delivery.engine;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import com.encrata.webhooks.platform.crypto.SecretCipher;

/**
 * The plaintext secrets a delivery is signed with: the webhook's current one and its unexpired
 * retired ones (which still sign {@code webhook-signature}). Ciphertexts are bound to the webhook id.
 * What was decrypted is kept per webhook, for as long as its ciphertexts stay the same, so a busy
 * webhook's secret is not decrypted again for every delivery (at most {@link #MAX_CACHED} webhooks).
 */
@ApplicationScoped
public class SigningSecrets {

    static final int MAX_CACHED = 10_000;

    /** The current secret and the retired ones that could be decrypted, newest first. */
    public record Keys(String current, List<String> retired) {
    }

    private record Decrypted(String currentCiphertext, List<String> retiredCiphertexts, Keys keys) {
    }

    private final SecretCipher cipher;
    private final Map<UUID, Decrypted> cache = new ConcurrentHashMap<>();

    public SigningSecrets(SecretCipher cipher) {
        this.cipher = cipher;
    }

    /** Empty when the current secret cannot be decrypted: such a delivery is never sent unsigned. */
    public Optional<Keys> of(UUID webhookId, String currentCiphertext, List<String> retiredCiphertexts) {
        Decrypted known = cache.get(webhookId);
        if (known != null && known.currentCiphertext().equals(currentCiphertext)
                && known.retiredCiphertexts().equals(retiredCiphertexts)) {
            return Optional.of(known.keys());
        }
        String aad = webhookId.toString();
        Optional<Keys> keys = cipher.decrypt(currentCiphertext, aad).map(current -> new Keys(current,
                retiredCiphertexts.stream().map(c -> cipher.decrypt(c, aad)).flatMap(Optional::stream).toList()));
        keys.ifPresent(k -> {
            if (cache.size() >= MAX_CACHED) {
                cache.clear();
            }
            cache.put(webhookId, new Decrypted(currentCiphertext, List.copyOf(retiredCiphertexts), k));
        });
        return keys;
    }
}
