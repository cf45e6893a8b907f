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
import com.encrata.webhooks.platform.validation.Uuid;
import com.encrata.webhooks.webhook.validation.EndpointHeaders;
import com.encrata.webhooks.webhook.validation.FilterExpression;
import com.encrata.webhooks.webhook.validation.WebhookUrl;
import com.encrata.webhooks.webhook.validation.WebhookUrlPolicy;

/** Body of PUT /api/webhooks: id and url are required; an omitted or null optional field keeps its value. */
public record UpdateWebhookRequest(
        @Schema(example = "360cb300-d885-4c18-af2c-d259f936bb38")
        @NotNull @Uuid String id,

        @Schema(example = "https://example.com/webhook", maxLength = WebhookUrlPolicy.MAX_LENGTH)
        @NotNull @WebhookUrl String url,

        @Schema(example = "[\"lookup.completed\"]", nullable = true)
        @Size(min = 1, max = 100, message = "{encrata.validation.events-size}")
        List<@EventName(allowNull = false) String> events,

        @Schema(example = "Production webhook", maxLength = 500, nullable = true, description = "\"\" clears it")
        @PlainText(max = 500) String description,

        @Schema(nullable = true, description = "false pauses the webhook")
        Boolean isActive,

        @Schema(nullable = true, minimum = "0", maximum = "10000", description = "0 removes the limit")
        @Min(value = 0, message = "{encrata.validation.rate-limit-update}")
        @Max(value = 10_000, message = "{encrata.validation.rate-limit-update}")
        Integer rateLimit,

        @Schema(enumeration = {"unordered", "fifo"}, nullable = true, description = WebhookResponse.ORDERING)
        @Pattern(regexp = "unordered|fifo", message = "{encrata.validation.ordering}")
        String ordering,

        @Schema(nullable = true, description = "Headers added to every attempt (at most 20); {} removes them",
                example = "{\"X-Env\": \"production\"}")
        @EndpointHeaders Map<String, String> headers,

        @Schema(nullable = true)
        @Valid AuthRequest auth,

        @Schema(nullable = true, maxLength = 1000, description = "A CEL expression over event and data that an event must satisfy to be delivered; \"\" removes it",
                example = "data.credits_remaining < 100")
        @Size(max = 1000, message = "{encrata.validation.filter-size}") @FilterExpression String filter) {

    public List<EventType> eventTypes() {
        return events == null ? null : EventType.distinct(events);
    }
}
