package com.encrata.webhooks.apikey.api;

/** {@code {"message": "..."}}. */
public record MessageResponse(String message) {
}
