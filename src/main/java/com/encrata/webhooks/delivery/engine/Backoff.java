package com.encrata.webhooks.delivery.engine;

/**
 * How long the dispatcher waits after its claims keep failing (database down): 500 ms, doubling
 * to at most {@code max}; one success starts over. Not thread-safe: the dispatcher guards it.
 */
final class Backoff {

    static final long FIRST_MILLIS = 500;

    private final long maxMillis;
    private long currentMillis;

    Backoff(long maxMillis) {
        this.maxMillis = maxMillis;
    }

    /** The wait after one more failure. */
    long failed() {
        currentMillis = currentMillis == 0 ? FIRST_MILLIS : Math.min(maxMillis, currentMillis * 2);
        return currentMillis;
    }

    void succeeded() {
        currentMillis = 0;
    }
}
