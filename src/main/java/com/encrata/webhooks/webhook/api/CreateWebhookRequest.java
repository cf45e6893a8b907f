package com.encrata.webhooks.webhook.api;

import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.encrata.webhooks.event.EventName;
import com.encrata.webhooks.event.EventType;
import com.encrata.webhooks.platform.validation.PlainText;
import com.encrata.webhooks.webhook.validation.EndpointHeaders;
import com.encrata.webhooks.webhook.validation.FilterExpression;
import com.encrata.webhooks.webhook.validation.WebhookUrl;
import com.encrata.webhooks.webhook.validation.WebhookUrlPolicy;

/** Body of POST /api/webhooks. */
public record CreateWebhookRequest(
        @Schema(example = "https://example.com/webhook", maxLength = WebhookUrlPolicy.MAX_LENGTH)
        @NotNull @WebhookUrl String url,

        @Schema(example = "[\"lookup.completed\", \"apikey.created\"]")
        @NotNull
        @Size(min = 1, max = 100, message = "{encrata.validation.events-size}")
        List<@EventName(allowNull = false) String> events,

        @Schema(example = "Production webhook", maxLength = 500, nullable = true)
        @PlainText(max = 500) String description,

        @Schema(defaultValue = "true")
        Boolean isActive,

        @Schema(nullable = true, minimum = "1", maximum = "10000",
                description = "At most this many attempts start per second; work beyond it waits")
        @Min(value = 1, message = "{encrata.validation.rate-limit}")
        @Max(value = 10_000, message = "{encrata.validation.rate-limit}")
        Integer rateLimit,

        @Schema(enumeration = {"unordered", "fifo"}, defaultValue = "unordered", description = WebhookResponse.ORDERING)
        @Pattern(regexp = "unordered|fifo", message = "{encrata.validation.ordering}")
        String ordering,

        @Schema(nullable = true, description = "Headers added to every attempt (at most 20)",
                example = "{\"X-Env\": \"production\"}")
        @EndpointHeaders Map<String, String> headers,

        @Schema(nullable = true)
        @Valid AuthRequest auth,

        @Schema(nullable = true, maxLength = 1000, description = "A CEL expression over event and data that an event must satisfy to be delivered",
                example = "data.credits_remaining < 100")
        @Size(max = 1000, message = "{encrata.validation.filter-size}") @FilterExpression String filter) {

    /** The events, de-duplicated with the first occurrence kept. */
    public List<EventType> eventTypes() {
        return EventType.distinct(events);
    }

    /** The description, with "" meaning none. */
    public String normalisedDescription() {
        return description == null || description.isEmpty() ? null : description;
    }
}
