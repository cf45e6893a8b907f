package com.encrata.webhooks.delivery.engine;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.encrata.webhooks.platform.crypto.SecretCipher;
import com.encrata.webhooks.webhook.Webhook;
import com.encrata.webhooks.webhook.options.ClientCertificates;
import com.encrata.webhooks.webhook.options.EndpointAuth;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What an attempt presents to a webhook's endpoint (SPEC §10), from its stored credentials: the
 * secret part decrypted (bound to the webhook), a basic or bearer header value made once, an mTLS
 * identity read once. Kept per webhook for as long as its stored credentials stay the same (at most
 * {@link #MAX_CACHED} webhooks). Nothing here is ever logged.
 */
@ApplicationScoped
public class EndpointCredentials {

    private static final Logger LOG = Logger.getLogger(EndpointCredentials.class);
    static final int MAX_CACHED = 10_000;

    /** What to present. */
    public sealed interface Presented {
    }

    /** An {@code Authorization} header value (basic, bearer). */
    public record Header(String authorization) implements Presented {
        @Override
        public String toString() {
            return "Header[redacted]";
        }
    }

    /** An OAuth2 client-credentials grant, whose access token is sent as a bearer token. */
    public record ClientCredentials(EndpointAuth.OAuth2 grant) implements Presented {
        @Override
        public String toString() {
            return "ClientCredentials[redacted]";
        }
    }

    /** A TLS client certificate; {@code key} names it among the clients (certificate SHA-256 and key ciphertext). */
    public record ClientCertificate(String key, ClientCertificates.Identity identity) implements Presented {
        @Override
        public String toString() {
            return "ClientCertificate[redacted]";
        }
    }

    /** Credentials that were decrypted but cannot be used (stored ones that no longer read). */
    public record Unusable() implements Presented {
    }

    private record Decrypted(String auth, String ciphertext, Presented presented) {
    }

    private final SecretCipher cipher;
    private final ObjectMapper mapper;
    private final Map<UUID, Decrypted> cache = new ConcurrentHashMap<>();

    public EndpointCredentials(SecretCipher cipher, ObjectMapper mapper) {
        this.cipher = cipher;
        this.mapper = mapper;
    }

    /** What to present for the stored credentials; null when their secret part cannot be decrypted. */
    public Presented of(UUID webhookId, String auth, String ciphertext) {
        Decrypted known = cache.get(webhookId);
        if (known != null && known.auth().equals(auth) && known.ciphertext().equals(ciphertext)) {
            return known.presented();
        }
        String secret = ciphertext == null ? null
                : cipher.decrypt(ciphertext, Webhook.authAssociatedData(webhookId)).orElse(null);
        if (secret == null) {
            return null;
        }
        Presented presented;
        try {
            presented = present(EndpointAuth.fromStored(mapper, auth, secret), ciphertext, webhookId);
        } catch (IllegalStateException unreadable) {
            LOG.warnf("Webhook %s: its stored credentials cannot be read", webhookId);
            presented = new Unusable();
        }
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        cache.put(webhookId, new Decrypted(auth, ciphertext, presented));
        return presented;
    }

    private static Presented present(EndpointAuth auth, String ciphertext, UUID webhookId) {
        if (auth instanceof EndpointAuth.Basic basic) {
            String pair = basic.username() + ":" + basic.password();
            return new Header("Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        if (auth instanceof EndpointAuth.Bearer bearer) {
            return new Header("Bearer " + bearer.token());
        }
        if (auth instanceof EndpointAuth.OAuth2 grant) {
            return new ClientCredentials(grant);
        }
        EndpointAuth.Mtls mtls = (EndpointAuth.Mtls) auth;
        try {
            // Expiry is checked on every attempt; here only whether the pair still reads and matches.
            ClientCertificates.Identity identity = ClientCertificates.read(mtls.certificate(), mtls.privateKey(),
                    Instant.EPOCH);
            return new ClientCertificate(identity.sha256() + ":" + ciphertext, identity);
        } catch (ClientCertificates.Refused refused) {
            LOG.warnf("Webhook %s: its stored client certificate cannot be used", webhookId);
            return new Unusable();
        }
    }
}
