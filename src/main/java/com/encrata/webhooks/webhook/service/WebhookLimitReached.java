package com.encrata.webhooks.webhook.service;

import com.encrata.webhooks.platform.error.LimitReached;

/** The workspace already has as many webhooks as its quota allows. */
public class WebhookLimitReached extends LimitReached {

    public static final String MESSAGE = "Webhook limit reached";

    public WebhookLimitReached() {
        super(MESSAGE);
    }
}
