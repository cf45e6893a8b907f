package com.encrata.webhooks.delivery.rest;

/** {@code {"requeued": n}}. */
public record RequeuedResponse(int requeued) {
}
