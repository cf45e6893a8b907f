package com.encrata.webhooks.platform.error;

/** The caller is who it says, but may not do this. */
public class Forbidden extends DomainException {

    public Forbidden(String message) {
        super(message);
    }
}
