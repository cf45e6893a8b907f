package com.encrata.webhooks.apikey.rest;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.encrata.webhooks.common.validation.PlainText;

/** Body of POST /api/keys. */
public record CreateApiKeyRequest(
        @Schema(example = "CI deploy key", maxLength = 100)
        @NotNull(message = "is required") @NotBlank(message = "must not be blank") @PlainText(max = 100, name = true) String name) {
}
