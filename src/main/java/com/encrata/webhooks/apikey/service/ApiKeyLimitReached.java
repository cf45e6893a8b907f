package com.encrata.webhooks.apikey.service;

import com.encrata.webhooks.platform.error.LimitReached;

/** The workspace already has as many active API keys as its quota allows. */
public class ApiKeyLimitReached extends LimitReached {

    public static final String MESSAGE = "API key limit reached";

    public ApiKeyLimitReached() {
        super(MESSAGE);
    }
}
