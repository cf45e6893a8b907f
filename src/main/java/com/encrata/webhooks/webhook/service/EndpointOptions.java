package com.encrata.webhooks.webhook.service;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.encrata.webhooks.platform.crypto.SecretCipher;
import com.encrata.webhooks.platform.error.InvalidField;
import com.encrata.webhooks.webhook.Webhook;
import com.encrata.webhooks.webhook.options.ClientCertificates;
import com.encrata.webhooks.webhook.options.EndpointAuth;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Puts a webhook's delivery options (SPEC §10) into its row and reads them back: the headers as a
 * JSON object, the credentials' public part as JSON and their secret part encrypted, the filter with
 * a new id whenever it changes.
 */
@ApplicationScoped
public class EndpointOptions {

    private static final TypeReference<java.util.LinkedHashMap<String, String>> HEADERS = new TypeReference<>() {
    };

    private final SecretCipher cipher;
    private final ObjectMapper mapper;

    public EndpointOptions(SecretCipher cipher, ObjectMapper mapper) {
        this.cipher = cipher;
        this.mapper = mapper;
    }

    public void setHeaders(Webhook webhook, Map<String, String> headers) {
        try {
            webhook.headers = mapper.writeValueAsString(headers);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("headers cannot be written", e);
        }
    }

    /** The headers of a webhook in the order given. */
    public Map<String, String> headers(Webhook webhook) {
        try {
            return mapper.readValue(webhook.headers, HEADERS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored headers cannot be read", e);
        }
    }

    /** Sets the filter; "" or null removes it. A changed filter gets a new id. */
    public void setFilter(Webhook webhook, String filter) {
        String next = filter == null || filter.isEmpty() ? null : filter;
        if (next == null) {
            webhook.filter = null;
            webhook.filterId = null;
        } else if (!next.equals(webhook.filter)) {
            webhook.filter = next;
            webhook.filterId = UUID.randomUUID();
        }
    }

    /**
     * Sets the credentials asked for (null removes them). A secret part left out is taken from the
     * stored credentials of the same type, else it is a 400 naming it.
     */
    public void setAuth(Webhook webhook, EndpointAuth requested) {
        if (requested == null) {
            webhook.auth = null;
            webhook.authSecretCiphertext = null;
            return;
        }
        EndpointAuth auth = requested;
        if (auth.secret() == null) {
            String stored = storedSecretOfType(webhook, auth.type())
                    .orElseThrow(() -> new InvalidField("auth." + secretField(requested), "is required"));
            auth = auth.withSecret(stored);
        }
        if (auth instanceof EndpointAuth.Mtls mtls) {
            try {
                ClientCertificates.Identity identity = ClientCertificates.read(mtls.certificate(), mtls.privateKey(),
                        Instant.now());
                auth = new EndpointAuth.Mtls(mtls.certificate(), mtls.privateKey(), identity.sha256(),
                        identity.notAfter());
            } catch (ClientCertificates.Refused refused) {
                throw new InvalidField("auth." + refused.field(), refused.getMessage());
            }
        }
        webhook.auth = EndpointAuth.toJson(mapper, auth);
        webhook.authSecretCiphertext = cipher.encrypt(auth.secret(), Webhook.authAssociatedData(webhook.id));
    }

    /** The stored credentials, or empty (none, or their secret part cannot be decrypted). */
    public Optional<EndpointAuth> auth(Webhook webhook) {
        if (webhook.auth == null) {
            return Optional.empty();
        }
        return cipher.decrypt(webhook.authSecretCiphertext, Webhook.authAssociatedData(webhook.id))
                .map(secret -> EndpointAuth.fromStored(mapper, webhook.auth, secret));
    }

    /** What the API shows of the stored credentials (never the secret part); null for none. */
    public Map<String, Object> shownAuth(Webhook webhook) {
        return webhook.auth == null ? null : EndpointAuth.fromStored(mapper, webhook.auth, null).shown();
    }

    private Optional<String> storedSecretOfType(Webhook webhook, String type) {
        if (webhook.auth == null || !type.equals(EndpointAuth.fromStored(mapper, webhook.auth, null).type())) {
            return Optional.empty();
        }
        return cipher.decrypt(webhook.authSecretCiphertext, Webhook.authAssociatedData(webhook.id));
    }

    private static String secretField(EndpointAuth auth) {
        return switch (auth.type()) {
            case EndpointAuth.BASIC -> "password";
            case EndpointAuth.BEARER -> "token";
            case EndpointAuth.OAUTH2 -> "client_secret";
            default -> "private_key";
        };
    }
}
