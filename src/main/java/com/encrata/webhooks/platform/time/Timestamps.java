package com.encrata.webhooks.platform.time;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;

/** Time as the API stores it: UTC instants truncated to milliseconds. */
public final class Timestamps {

    private Timestamps() {
    }

    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    /** A time read from the database (null stays null). */
    public static Instant of(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
