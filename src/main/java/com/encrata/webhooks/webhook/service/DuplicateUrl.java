package com.encrata.webhooks.webhook.service;

import com.encrata.webhooks.platform.error.Conflict;

/** Another webhook of the workspace already has this URL (by its normalised key). */
public class DuplicateUrl extends Conflict {

    public static final String MESSAGE = "A webhook with this URL already exists";

    public DuplicateUrl() {
        super(MESSAGE);
    }
}
