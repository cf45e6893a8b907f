package com.encrata.webhooks.delivery.api;

import java.util.UUID;

/** {@code {"id", "status": "pending"}}. */
public record RedeliverResponse(UUID id, String status) {
}
