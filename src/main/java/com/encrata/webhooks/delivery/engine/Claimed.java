package com.encrata.webhooks.delivery.engine;

import java.util.List;
import java.util.UUID;

import com.encrata.webhooks.delivery.Delivery;

/** A delivery this instance holds a lease on, with what sending it needs. */
public record Claimed(UUID id, UUID webhookId, String eventType, String payload, int attempts, boolean manual,
        String url, String secretCiphertext, boolean webhookActive, double lagSeconds, UUID leaseToken,
        String requestId, List<String> retiredCiphertexts) {

    Claimed withRetired(List<String> retired) {
        return new Claimed(id, webhookId, eventType, payload, attempts, manual, url, secretCiphertext, webhookActive,
                lagSeconds, leaseToken, requestId, retired);
    }

    boolean test() {
        return Delivery.TEST_EVENT.equals(eventType);
    }
}
