package com.encrata.webhooks.event.api;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.encrata.webhooks.event.EventType;
import com.fasterxml.jackson.annotation.JsonRawValue;

/** One event type: its name, what it means and an example {@code data} object. */
public record EventTypeResponse(String name, String description,
        @Schema(type = SchemaType.OBJECT) @JsonRawValue String example) {

    static EventTypeResponse of(EventType type) {
        return new EventTypeResponse(type.wireName(), type.description(), type.exampleData());
    }
}
