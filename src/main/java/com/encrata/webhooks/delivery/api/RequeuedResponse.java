package com.encrata.webhooks.delivery.api;

/** {@code {"requeued": n}}. */
public record RequeuedResponse(int requeued) {
}
