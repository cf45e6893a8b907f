package com.encrata.webhooks.webhook.api;

/** {@code {"matches": true|false}}: whether the event would be delivered to a webhook with the filter. */
public record FilterTestResponse(boolean matches) {
}
