package com.encrata.webhooks.webhook.api;

/** {@code {"status": "updated"}}. */
public record StatusResponse(String status) {

    public static final StatusResponse UPDATED = new StatusResponse("updated");
}
