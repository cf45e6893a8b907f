package com.encrata.webhooks.event;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonValue;

/** The event types a webhook can subscribe to, with their exact wire names. */
public enum EventType {
    LOOKUP_COMPLETED("lookup.completed"),
    APIKEY_CREATED("apikey.created"),
    APIKEY_REVOKED("apikey.revoked"),
    CREDITS_LOW("credits.low"),
    CREDITS_EXHAUSTED("credits.exhausted");

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
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
