package com.encrata.webhooks.delivery.engine;

import java.util.List;
import java.util.UUID;

import com.encrata.webhooks.delivery.Delivery;

import io.vertx.mutiny.sqlclient.Row;

/**
 * A delivery this instance holds a lease on, with what sending it needs: the webhook's own headers
 * (a JSON object), its credentials' public part (JSON, null for none) and their encrypted secret part,
 * and the trace context of the intake that stored its event (null when tracing was off); {@code paced}
 * when its webhook has a rate limit.
 */
public record Claimed(UUID id, UUID webhookId, String eventType, String payload, int attempts, boolean manual,
        String url, String secretCiphertext, boolean webhookActive, double lagSeconds, UUID leaseToken,
        String requestId, List<String> retiredCiphertexts, String headers, String auth, String authSecretCiphertext,
        String traceparent, boolean paced) implements Endpoint {

    /**
     * The columns every statement that leases deliveries answers with, one row per delivery:
     * {@code q} the queue row as claimed, {@code w} its webhook (null when it is gone), {@code e} its
     * event; {@code %1$s} when it was due, {@code %2$s} its payload.
     */
    private static final String COLUMNS = """
            q.id, q.webhook_id, q.event_type, q.attempts, q.manual, %2$s AS payload,
            e.request_id, e.traceparent, w.url, w.secret_ciphertext, coalesce(w.is_active, false) AS is_active,
            w.headers, w.auth, w.auth_secret_ciphertext, coalesce(w.rate_limit IS NOT NULL, false) AS paced,
            extract(epoch FROM now() - %1$s)::float8 AS lag,
            CASE WHEN w.id IS NOT NULL THEN ARRAY(
                SELECT s.secret_ciphertext FROM webhook_secrets s
                WHERE s.webhook_id = w.id AND s.expires_at > now() ORDER BY s.retired_at DESC) END AS retired""";

    /** The columns of a delivery due since {@code due}, with its payload as stored. */
    static String columns(String due) {
        return COLUMNS.formatted(due, "coalesce(q.payload, e.body)");
    }

    /**
     * The same without the payload (null), for a statement whose caller holds it already: the intake
     * that stores the event need not read its body back once per delivery ({@link #withPayload}).
     */
    static String columnsWithoutPayload(String due) {
        return COLUMNS.formatted(due, "NULL::text");
    }

    /** The delivery of a row answered with {@link #columns}, leased under {@code token}. */
    static Claimed of(Row r, UUID token) {
        String[] retired = r.getArrayOfStrings("retired");
        return new Claimed(r.getUUID("id"), r.getUUID("webhook_id"), r.getString("event_type"), r.getString("payload"),
                r.getInteger("attempts"), r.getBoolean("manual"), r.getString("url"), r.getString("secret_ciphertext"),
                r.getBoolean("is_active"), r.getDouble("lag"), token, r.getString("request_id"),
                retired == null ? List.of() : List.of(retired), r.getString("headers"), r.getString("auth"),
                r.getString("auth_secret_ciphertext"), r.getString("traceparent"), r.getBoolean("paced"));
    }

    /** The same delivery with {@code sent} as its payload (the same text, shared). */
    Claimed withPayload(String sent) {
        return new Claimed(id, webhookId, eventType, sent, attempts, manual, url, secretCiphertext, webhookActive,
                lagSeconds, leaseToken, requestId, retiredCiphertexts, headers, auth, authSecretCiphertext, traceparent,
                paced);
    }

    boolean test() {
        return Delivery.TEST_EVENT.equals(eventType);
    }
}
