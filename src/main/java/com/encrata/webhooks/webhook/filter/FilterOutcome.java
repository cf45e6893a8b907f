package com.encrata.webhooks.webhook.filter;

/** What evaluating a filter for one event gave; only {@link #MATCH} delivers. */
public enum FilterOutcome {
    /** The filter is true for the event. */
    MATCH,
    /** The filter is false for the event. */
    NO_MATCH,
    /**
     * Evaluation failed: a missing field, a wrong type, a result that is not a boolean, the
     * comprehension iteration limit, a regular expression refused for its size.
     */
    ERROR,
    /** Evaluation was stopped at the cost limit. */
    TOO_COSTLY;

    public boolean matches() {
        return this == MATCH;
    }
}
