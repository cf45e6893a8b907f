package com.encrata.webhooks.platform.error;

/** A workspace quota is used up. */
public class LimitReached extends DomainException {

    public LimitReached(String message) {
        super(message);
    }
}
