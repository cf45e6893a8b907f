package com.encrata.webhooks.webhook.service;

import java.util.UUID;

/** The answer to a rotation: the webhook id and its new secret, shown once. */
public record RotatedSecret(UUID id, String secret) {
}
