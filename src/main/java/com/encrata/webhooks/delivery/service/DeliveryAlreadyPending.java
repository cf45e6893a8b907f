package com.encrata.webhooks.delivery.service;

import com.encrata.webhooks.platform.error.Conflict;

/** A redelivery was asked for while the delivery is still queued or in flight. */
public class DeliveryAlreadyPending extends Conflict {

    public static final String MESSAGE = "The delivery is already pending";

    public DeliveryAlreadyPending() {
        super(MESSAGE);
    }
}
