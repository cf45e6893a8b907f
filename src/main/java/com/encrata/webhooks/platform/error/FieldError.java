package com.encrata.webhooks.platform.error;

/** One entry of a validation error's {@code details}: the JSON path of the field and what is wrong. */
public record FieldError(String field, String message) {
}
