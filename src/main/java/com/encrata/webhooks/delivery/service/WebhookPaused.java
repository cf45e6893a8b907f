package com.encrata.webhooks.delivery.service;

import com.encrata.webhooks.platform.error.Conflict;

/** A manual attempt was asked for on a paused webhook. */
public class WebhookPaused extends Conflict {

    public static final String MESSAGE = "The webhook is paused";

    public WebhookPaused() {
        super(MESSAGE);
    }
}
