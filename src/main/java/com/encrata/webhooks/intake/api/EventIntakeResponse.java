package com.encrata.webhooks.intake.api;

/** {@code {"id", "deliveries"}}: the event's id and how many deliveries it fanned out to. */
public record EventIntakeResponse(String id, int deliveries) {
}
