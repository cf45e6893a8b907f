package com.encrata.webhooks.webhook.service;

import com.encrata.webhooks.webhook.Webhook;

/** A webhook just created, with its secret in plain text (shown to the client once). */
public record CreatedWebhook(Webhook webhook, String secret) {
}
