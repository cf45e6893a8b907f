package com.encrata.webhooks.platform.error;

/** The resource does not exist, or belongs to another workspace (which the answer never reveals). */
public class NotFound extends DomainException {

    public NotFound(String what) {
        super(what + " not found");
    }
}
