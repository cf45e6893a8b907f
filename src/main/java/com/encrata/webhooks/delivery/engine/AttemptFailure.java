package com.encrata.webhooks.delivery.engine;

/** An attempt that got no HTTP answer, with the {@link DeliveryError} value it records. */
public class AttemptFailure extends RuntimeException {

    private final String error;

    public AttemptFailure(String error) {
        super(error, null, false, false);
        this.error = error;
    }

    public String error() {
        return error;
    }
}
