package com.encrata.webhooks.event.rest;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import com.encrata.webhooks.common.Ids;
import com.encrata.webhooks.common.validation.Rfc3339;
import com.encrata.webhooks.webhook.validation.EventName;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Body of POST /internal/events. {@code data} is checked to be an object; it is forwarded verbatim. */
public record EventIntakeRequest(
        @Size(min = 1, max = 255, message = "must be 1 to 255 characters")
        @Pattern(regexp = "[\\x20-\\x7E]*", message = "must be printable ASCII") String id,
        @NotNull(message = "is required") @Pattern(regexp = Ids.PATTERN, message = "must be a UUID") String workspaceId,
        @NotNull(message = "is required") @EventName String event,
        @NotNull(message = "is required") ObjectNode data,
        @Rfc3339 String createdAt) {
}
