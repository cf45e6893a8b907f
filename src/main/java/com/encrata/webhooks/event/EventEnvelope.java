package com.encrata.webhooks.event;

import java.time.Instant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Serialises the envelope receivers get: {@code {"event", "data", "created_at"}}, compact, in that order. */
public final class EventEnvelope {

    private EventEnvelope() {
    }

    /** The envelope around {@code dataJson}, which is passed through verbatim. */
    public static String serialise(ObjectMapper mapper, String eventType, String dataJson, Instant createdAt) {
        try {
            return "{\"event\":" + mapper.writeValueAsString(eventType)
                    + ",\"data\":" + dataJson
                    + ",\"created_at\":" + mapper.writeValueAsString(createdAt.toString()) + "}";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise an event envelope", e);
        }
    }
}
