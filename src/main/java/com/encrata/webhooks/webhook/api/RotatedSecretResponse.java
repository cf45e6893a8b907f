package com.encrata.webhooks.webhook.api;

import java.util.UUID;

import com.encrata.webhooks.webhook.service.RotatedSecret;

/** The answer to a rotation: the new secret, shown once. */
public record RotatedSecretResponse(UUID id, String secret) {

    public static RotatedSecretResponse of(RotatedSecret rotated) {
        return new RotatedSecretResponse(rotated.id(), rotated.secret());
    }
}
