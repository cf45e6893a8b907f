package com.encrata.webhooks.delivery.engine;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The two signatures of a delivery: {@code X-Encrata-Signature}, hex HMAC-SHA256 of the body keyed
 * with the whole current secret string; and Standard Webhooks' {@code webhook-signature}, one
 * {@code v1,<base64 HMAC-SHA256>} of {@code id.timestamp.body} per unexpired secret, keyed with the
 * base64-decoding of the part after {@code whsec_}.
 */
public final class SignatureSigner {

    private static final String PREFIX = "whsec_";
    /** Looking up the provider is most of the cost of a short HMAC: each thread keeps its instance. */
    private static final ThreadLocal<Mac> MAC = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    });

    private SignatureSigner() {
    }

    public static String encrataSignature(String secret, byte[] body) {
        return HexFormat.of().formatHex(hmac(secret.getBytes(StandardCharsets.UTF_8), body));
    }

    /** Space-separated entries, in the order of {@code secrets} (newest first). */
    public static String standardSignature(List<String> secrets, String webhookId, long timestamp, byte[] body) {
        byte[] prefix = (webhookId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
        byte[] signed = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, signed, 0, prefix.length);
        System.arraycopy(body, 0, signed, prefix.length, body.length);
        return secrets.stream()
                .map(secret -> "v1," + Base64.getEncoder().encodeToString(hmac(standardKey(secret), signed)))
                .collect(Collectors.joining(" "));
    }

    private static byte[] standardKey(String secret) {
        String encoded = secret.startsWith(PREFIX) ? secret.substring(PREFIX.length()) : secret;
        return Base64.getDecoder().decode(encoded);
    }

    private static byte[] hmac(byte[] key, byte[] message) {
        try {
            Mac mac = MAC.get();
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }
}
