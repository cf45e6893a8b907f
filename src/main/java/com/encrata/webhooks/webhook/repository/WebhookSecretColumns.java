package com.encrata.webhooks.webhook.repository;

import java.util.List;

import jakarta.inject.Singleton;

import com.encrata.webhooks.platform.crypto.EncryptedColumns;
import com.encrata.webhooks.webhook.Webhook;

/**
 * Webhook signing secrets, current and retired, are encrypted with the webhook id as associated data;
 * the secret part of an endpoint's credentials with the id and {@code :auth}.
 */
@Singleton
public class WebhookSecretColumns implements EncryptedColumns {

    @Override
    public List<Column> encryptedColumns() {
        return List.of(new Column("webhooks", "secret_ciphertext", "id::text"),
                new Column("webhook_secrets", "secret_ciphertext", "webhook_id::text"),
                new Column("webhooks", "auth_secret_ciphertext", Webhook.AUTH_ASSOCIATED_DATA_SQL));
    }
}
