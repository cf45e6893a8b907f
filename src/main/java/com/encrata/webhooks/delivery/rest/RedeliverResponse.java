package com.encrata.webhooks.delivery.rest;

import java.util.UUID;

/** {@code {"id", "status": "pending"}}. */
public record RedeliverResponse(UUID id, String status) {
}
