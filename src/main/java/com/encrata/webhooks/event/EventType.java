package com.encrata.webhooks.event;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonValue;

/** The event types a webhook can subscribe to, with their exact wire names. */
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
            {"balance": 0, "plan": "growth", "exhausted_at": "2026-05-02T12:00:00Z"}""");

    private final String wireName;
    private final String description;
    private final String exampleData;

    EventType(String wireName, String description, String exampleData) {
        this.wireName = wireName;
        this.description = description;
        this.exampleData = exampleData.strip();
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
