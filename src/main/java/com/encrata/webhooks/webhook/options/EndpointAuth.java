package com.encrata.webhooks.webhook.options;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * How the service authenticates to a webhook's endpoint (SPEC §10). The public part is stored as a
 * JSON object with its {@code type} ({@link #stored}); the secret part ({@link #secret}: a password,
 * token, client secret or private key) is stored encrypted and never shown ({@link #shown}).
 */
public sealed interface EndpointAuth {

    String BASIC = "basic";
    String BEARER = "bearer";
    String OAUTH2 = "oauth2";
    String MTLS = "mtls";
    /** What an update sends to remove the credentials. */
    String NONE = "none";

    String type();

    /** The write-only part. */
    String secret();

    /** The same credentials with another secret part (the stored one, on an update that omits it). */
    EndpointAuth withSecret(String secret);

    /** The public part as stored, {@code type} first. */
    Map<String, Object> stored();

    /** What the API shows: the public part without the certificate itself. */
    default Map<String, Object> shown() {
        return stored();
    }

    record Basic(String username, String password) implements EndpointAuth {
        public String type() {
            return BASIC;
        }

        public String secret() {
            return password;
        }

        public EndpointAuth withSecret(String secret) {
            return new Basic(username, secret);
        }

        public Map<String, Object> stored() {
            Map<String, Object> map = typed(BASIC);
            map.put("username", username);
            return map;
        }
    }

    record Bearer(String token) implements EndpointAuth {
        public String type() {
            return BEARER;
        }

        public String secret() {
            return token;
        }

        public EndpointAuth withSecret(String secret) {
            return new Bearer(secret);
        }

        public Map<String, Object> stored() {
            return typed(BEARER);
        }
    }

    record OAuth2(String tokenUrl, String clientId, String clientSecret, String scope, String audience)
            implements EndpointAuth {
        public String type() {
            return OAUTH2;
        }

        public String secret() {
            return clientSecret;
        }

        public EndpointAuth withSecret(String secret) {
            return new OAuth2(tokenUrl, clientId, secret, scope, audience);
        }

        public Map<String, Object> stored() {
            Map<String, Object> map = typed(OAUTH2);
            map.put("token_url", tokenUrl);
            map.put("client_id", clientId);
            map.put("scope", scope);
            map.put("audience", audience);
            return map;
        }
    }

    /** A client certificate chain (PEM) and its unencrypted private key (PEM, the secret part). */
    record Mtls(String certificate, String privateKey, String certificateSha256, Instant notAfter)
            implements EndpointAuth {
        public String type() {
            return MTLS;
        }

        public String secret() {
            return privateKey;
        }

        public EndpointAuth withSecret(String secret) {
            return new Mtls(certificate, secret, certificateSha256, notAfter);
        }

        public Map<String, Object> stored() {
            Map<String, Object> map = shown();
            map.put("certificate", certificate);
            return map;
        }

        @Override
        public Map<String, Object> shown() {
            Map<String, Object> map = typed(MTLS);
            map.put("certificate_sha256", certificateSha256);
            map.put("not_after", notAfter.toString());
            return map;
        }
    }

    private static Map<String, Object> typed(String type) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("type", type);
        return map;
    }

    /** The stored JSON of the public part. */
    public static String toJson(ObjectMapper mapper, EndpointAuth auth) {
        try {
            return mapper.writeValueAsString(auth.stored());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("credentials cannot be written", e);
        }
    }

    /** The credentials from their stored public part and the decrypted secret part. */
    public static EndpointAuth fromStored(ObjectMapper mapper, String json, String secret) {
        JsonNode node;
        try {
            node = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored credentials cannot be read", e);
        }
        return switch (node.path("type").asText()) {
            case BASIC -> new Basic(node.path("username").asText(), secret);
            case BEARER -> new Bearer(secret);
            case OAUTH2 -> new OAuth2(node.path("token_url").asText(), node.path("client_id").asText(), secret,
                    text(node, "scope"), text(node, "audience"));
            case MTLS -> new Mtls(node.path("certificate").asText(), secret, node.path("certificate_sha256").asText(),
                    Instant.parse(node.path("not_after").asText()));
            default -> throw new IllegalStateException("unknown credentials type");
        };
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
