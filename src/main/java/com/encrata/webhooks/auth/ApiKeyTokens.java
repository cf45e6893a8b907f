package com.encrata.webhooks.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.regex.Pattern;

import com.encrata.webhooks.platform.crypto.RandomTokens;

/**
 * The bearer token formats: API keys ({@code enc_live_} and 32 random alphanumerics) and portal
 * sessions ({@code enc_portal_} and 43); both are stored as SHA-256 only.
 */
public final class ApiKeyTokens {

    public static final String PREFIX = "enc_live_";
    public static final String PORTAL_PREFIX = "enc_portal_";
    private static final Pattern FORMAT = Pattern.compile("enc_live_[A-Za-z0-9]{32}");
    private static final Pattern PORTAL_FORMAT = Pattern.compile("enc_portal_[A-Za-z0-9]{43}");

    private ApiKeyTokens() {
    }

    public static String generate(RandomTokens random) {
        return PREFIX + random.alphanumeric(32);
    }

    /** A new portal session token: {@code enc_portal_} and 43 random alphanumerics. */
    public static String generatePortal(RandomTokens random) {
        return PORTAL_PREFIX + random.alphanumeric(43);
    }

    /** True when the token has the key or portal format; anything else is refused without a database query. */
    public static boolean wellFormed(String token) {
        return token != null && (FORMAT.matcher(token).matches() || PORTAL_FORMAT.matcher(token).matches());
    }

    public static boolean isPortal(String token) {
        return token.startsWith(PORTAL_PREFIX);
    }

    public static byte[] hash(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String last4(String key) {
        return key.substring(key.length() - 4);
    }
}
