package com.encrata.webhooks.intake.service;

import com.encrata.webhooks.platform.error.Conflict;

/** A producer sent an event id again with other content. */
public class EventIdReused extends Conflict {

    public static final String MESSAGE = "An event with this id was already received with different content";

    public EventIdReused() {
        super(MESSAGE);
    }
}
