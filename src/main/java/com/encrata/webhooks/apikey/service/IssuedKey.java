package com.encrata.webhooks.apikey.service;

import com.encrata.webhooks.apikey.ApiKey;

/** A key just created, with its plain value (shown to the client once). */
public record IssuedKey(ApiKey key, String plaintext) {

    /** {@code ...} and the last four characters of the key. */
    public static String preview(ApiKey key) {
        return "..." + key.keyLast4;
    }
}
