package com.encrata.webhooks.webhook.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.encrata.webhooks.event.EventName;
import com.encrata.webhooks.webhook.filter.EventFilters;
import com.encrata.webhooks.webhook.validation.FilterExpression;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Body of POST /api/webhooks/filter-test: a filter and the event to try it on. */
public record FilterTestRequest(
        @Schema(example = "data.balance < 500 && event == \"credits.low\"", maxLength = EventFilters.MAX_LENGTH)
        @NotNull
        @Size(min = 1, max = EventFilters.MAX_LENGTH, message = "{encrata.validation.filter-length}")
        @FilterExpression String filter,

        @Schema(example = "credits.low")
        @NotNull @EventName String event,

        @Schema(type = SchemaType.OBJECT, description = "The event's data object",
                example = "{\"balance\": 480, \"threshold\": 500, \"plan\": \"growth\"}")
        @NotNull ObjectNode data) {
}
