package com.encrata.webhooks.auth;

import jakarta.enterprise.context.RequestScoped;

/** The authenticated caller of the current /api request, set by {@link AuthenticationFilter}. */
@RequestScoped
public class CurrentCaller {

    private Caller caller;

    public Caller get() {
        if (caller == null) {
            throw new IllegalStateException("No authenticated caller on this request");
        }
        return caller;
    }

    void set(Caller caller) {
        this.caller = caller;
    }
}
