package com.encrata.webhooks.delivery.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The headers of a delivery attempt (the same for scheduled, manual and test attempts). */
public final class DeliveryHeaders {

    public static final String SIGNATURE = "X-Encrata-Signature";

    private DeliveryHeaders() {
    }

    /**
     * @param currentSecret signs both signatures
     * @param retiredSecrets unexpired retired secrets, newest first; they sign webhook-signature only
     */
    public static Map<String, String> build(String userAgent, UUID deliveryId, String eventType, byte[] body,
            SigningSecrets.Keys keys, long unixSeconds) {
        String currentSecret = keys.current();
        List<String> secrets = new ArrayList<>();
        secrets.add(currentSecret);
        secrets.addAll(keys.retired());
        String id = deliveryId.toString();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("User-Agent", userAgent);
        headers.put(SIGNATURE, SignatureSigner.encrataSignature(currentSecret, body));
        headers.put("X-Encrata-Event", eventType);
        headers.put("X-Encrata-Delivery", id);
        headers.put("webhook-id", id);
        headers.put("webhook-timestamp", Long.toString(unixSeconds));
        headers.put("webhook-signature", SignatureSigner.standardSignature(secrets, id, unixSeconds, body));
        return headers;
    }
}
