package com.encrata.webhooks.apikey;

/** A key just created, with its plain value (shown to the client once). */
public record IssuedKey(ApiKey key, String plaintext) {

    public String preview() {
        return "..." + key.keyLast4;
    }
}
