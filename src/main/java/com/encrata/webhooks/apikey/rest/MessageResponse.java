package com.encrata.webhooks.apikey.rest;

/** {@code {"message": "..."}}. */
public record MessageResponse(String message) {
}
