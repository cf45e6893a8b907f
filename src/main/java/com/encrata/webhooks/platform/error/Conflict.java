package com.encrata.webhooks.platform.error;

/** The request clashes with the current state of a resource. */
public class Conflict extends DomainException {

    public Conflict(String message) {
        super(message);
    }
}
