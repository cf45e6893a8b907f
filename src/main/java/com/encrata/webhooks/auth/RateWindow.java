package com.encrata.webhooks.auth;

/** Where a key stands in its current rate-limit window, by the database clock. */
public record RateWindow(int limit, int used, double resetEpochSeconds, double nowEpochSeconds) {

    public boolean exceeded() {
        return used > limit;
    }

    public int remaining() {
        return Math.max(0, limit - used);
    }

    /** Unix seconds at which the window ends, rounded up. */
    public long reset() {
        return (long) Math.ceil(resetEpochSeconds);
    }

    /** Whole seconds until the window ends, at least 1. */
    public long retryAfter() {
        return Math.max(1, (long) Math.ceil(resetEpochSeconds - nowEpochSeconds));
    }
}
