package com.encrata.webhooks.apikey.api;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.encrata.webhooks.platform.validation.PlainText;

/** Body of POST /api/keys. */
public record CreateApiKeyRequest(
        @Schema(example = "CI deploy key", maxLength = 100)
        @NotNull @NotBlank @PlainText(max = 100, name = true) String name) {
}
