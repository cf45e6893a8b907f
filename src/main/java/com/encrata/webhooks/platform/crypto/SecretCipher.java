package com.encrata.webhooks.platform.crypto;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.inject.Singleton;

/**
 * AES-256-GCM for secrets at rest. A ciphertext reads {@code v1:<key id>:<base64 nonce+ciphertext>};
 * the key id lets rows written under the previous key still be decrypted after a key rotation, and
 * the associated data (the owning row's id) stops a ciphertext from being moved to another row.
 */
@Singleton
public class SecretCipher {

    private static final String VERSION = "v1";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final RandomTokens random;
    private final String currentKeyId;
    private final Map<String, SecretKeySpec> keys = new LinkedHashMap<>();

    public SecretCipher(SecretsConfig config, RandomTokens random) {
        this.random = random;
        SecretKeySpec current = toKey("ENCRATA_SECRETS_KEY", config.key());
        currentKeyId = keyId(current);
        keys.put(currentKeyId, current);
        config.keyPrevious().filter(k -> !k.isBlank()).ifPresent(previous -> {
            SecretKeySpec key = toKey("ENCRATA_SECRETS_KEY_PREVIOUS", previous);
            keys.putIfAbsent(keyId(key), key);
        });
    }

    public String encrypt(String plaintext, String associatedData) {
        byte[] nonce = random.bytes(NONCE_BYTES);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentKeyId), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            byte[] out = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
            return VERSION + ":" + currentKeyId + ":" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption is unavailable", e);
        }
    }

    /** The plaintext, or empty when the value is malformed, its key is unknown or it was tampered with. */
    public Optional<String> decrypt(String ciphertext, String associatedData) {
        String[] parts = ciphertext == null ? new String[0] : ciphertext.split(":", 3);
        if (parts.length != 3 || !VERSION.equals(parts[0]) || !keys.containsKey(parts[1])) {
            return Optional.empty();
        }
        try {
            byte[] in = Base64.getDecoder().decode(parts[2]);
            if (in.length <= NONCE_BYTES) {
                return Optional.empty();
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, keys.get(parts[1]), new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
            byte[] plain = cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES);
            return Optional.of(new String(plain, StandardCharsets.UTF_8));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The prefix every ciphertext written under the current key starts with. */
    public String currentPrefix() {
        return VERSION + ":" + currentKeyId + ":";
    }

    /** True when the value was written under an older key and should be re-encrypted. */
    public boolean isStale(String ciphertext) {
        return ciphertext != null && !ciphertext.startsWith(VERSION + ":" + currentKeyId + ":");
    }

    private static SecretKeySpec toKey(String variable, String base64) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(variable + " must be base64 of 32 bytes");
        }
        if (raw.length != 32) {
            throw new IllegalStateException(variable + " must be base64 of 32 bytes, got " + raw.length);
        }
        return new SecretKeySpec(raw, "AES");
    }

    private static String keyId(SecretKeySpec key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
