package com.encrata.webhooks.webhook.rest;

/** {@code {"status": "updated"}} and the like. */
public record StatusResponse(String status) {
}
