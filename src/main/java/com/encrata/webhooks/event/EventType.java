package com.encrata.webhooks.event;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The event types a webhook can subscribe to, with their exact wire names. The delivery log reads a
 * page of every type as one page per type listed here: a type taken out must have no deliveries left
 * in the history (docs/DECISIONS.md, "Delivery engine v2").
 */
public enum EventType {
    LOOKUP_COMPLETED("lookup.completed", "A lookup finished; its result is ready to fetch.", """
            {"lookup_id": "lu_8f3a2c91", "email": "jane.doe@example.com", "status": "valid", "score": 0.97, \
            "completed_at": "2026-05-02T12:00:00Z"}"""),
    APIKEY_CREATED("apikey.created", "An API key was created in the workspace.", """
            {"key_id": "0c5d6a1e-7f2b-4c8e-9a3d-5b6f7e8d9c0a", "name": "CI key", "key_preview": "...x9Qz"}"""),
    APIKEY_REVOKED("apikey.revoked", "An API key was revoked or deleted.", """
            {"key_id": "0c5d6a1e-7f2b-4c8e-9a3d-5b6f7e8d9c0a", "name": "CI key", "key_preview": "...x9Qz"}"""),
    CREDITS_LOW("credits.low", "The workspace's credit balance fell below its warning threshold.", """
            {"balance": 480, "threshold": 500, "plan": "growth"}"""),
    CREDITS_EXHAUSTED("credits.exhausted", "The workspace has no credits left; lookups are refused until it is topped up.", """
            {"balance": 0, "plan": "growth", "exhausted_at": "2026-05-02T12:00:00Z"}"""),
    WEBHOOK_FAILING("webhook.failing", true, "Another webhook of the workspace failed several attempts in a row (once per failing streak).", """
            {"webhook_id": "9b2f4c1e-3d5a-4e6b-8c7d-1f2e3a4b5c6d", "url": "https://api.example.com/hooks/encrata", \
            "consecutive_failures": 5, "last_error": null, "last_response_status": 503, \
            "failing_since": "2026-05-02T11:40:12.345Z"}"""),
    WEBHOOK_RECOVERED("webhook.recovered", true, "A failing webhook of the workspace answered an attempt successfully again.", """
            {"webhook_id": "9b2f4c1e-3d5a-4e6b-8c7d-1f2e3a4b5c6d", "url": "https://api.example.com/hooks/encrata", \
            "failed_for_seconds": 1520}"""),
    WEBHOOK_DISABLED("webhook.disabled", true, "The service deactivated a webhook of the workspace: it answered 410 Gone, or kept failing for days.", """
            {"webhook_id": "9b2f4c1e-3d5a-4e6b-8c7d-1f2e3a4b5c6d", "url": "https://api.example.com/hooks/encrata", \
            "reason": "gone", "at": "2026-05-02T12:00:00.000Z"}"""),
    DELIVERY_EXHAUSTED("delivery.exhausted", true, "A delivery to another webhook of the workspace failed for good: its retries ran out, or it was answered 410.", """
            {"webhook_id": "9b2f4c1e-3d5a-4e6b-8c7d-1f2e3a4b5c6d", "delivery_id": "5e8a1c2d-7b3f-4a6e-9d0c-2b4f6a8c0e1d", \
            "event_type": "lookup.completed", "attempts": 8, "last_error": "timeout", "last_response_status": null}""");

    private final String wireName;
    private final boolean operational;
    private final String description;
    private final String exampleData;

    EventType(String wireName, String description, String exampleData) {
        this(wireName, false, description, exampleData);
    }

    EventType(String wireName, boolean operational, String description, String exampleData) {
        this.wireName = wireName;
        this.operational = operational;
        this.description = description;
        this.exampleData = exampleData.strip();
    }

    /** One of the service's own events about its webhooks and deliveries (SPEC §11), never taken from a producer. */
    public boolean operational() {
        return operational;
    }

    /** What the event means, in one sentence. */
    public String description() {
        return description;
    }

    /** A realistic {@code data} object of the event, as JSON. */
    public String exampleData() {
        return exampleData;
    }

    /** The valid names, comma-separated, as error messages list them. */
    public static String validNames() {
        return Arrays.stream(values()).map(EventType::wireName).collect(Collectors.joining(", "));
    }

    /** The names a producer may send (every name but the operational ones), comma-separated. */
    public static String producerNames() {
        return names(false);
    }

    /** The names of the service's own operational events, comma-separated. */
    public static String operationalNames() {
        return names(true);
    }

    private static String names(boolean operational) {
        return Arrays.stream(values()).filter(type -> type.operational == operational).map(EventType::wireName)
                .collect(Collectors.joining(", "));
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** Validated names as types, duplicates dropped with the first occurrence kept. */
    public static List<EventType> distinct(List<String> names) {
        return names.stream().distinct().map(name -> fromWire(name).orElseThrow()).toList();
    }

    /** The type with exactly this (case-sensitive) name. */
    public static Optional<EventType> fromWire(String name) {
        for (EventType type : values()) {
            if (type.wireName.equals(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
