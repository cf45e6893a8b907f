package com.encrata.webhooks.event;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** Checks {@link EventName}; the message is derived from {@link EventType}. */
public class EventNameValidator implements ConstraintValidator<EventName, String> {

    /** What every refusal of an event name says. */
    public static String message() {
        return "must be one of: " + EventType.validNames();
    }

    /** What a producer's event name that is not one of its own gets. */
    public static String producerMessage() {
        return "must be one of: " + EventType.producerNames() + " (the operational events "
                + EventType.operationalNames() + " come from the service only)";
    }

    private boolean allowNull;
    private boolean producer;

    @Override
    public void initialize(EventName annotation) {
        allowNull = annotation.allowNull();
        producer = annotation.producer();
    }

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
        if (value == null ? allowNull : EventType.fromWire(value).filter(type -> !producer || !type.operational()).isPresent()) {
            return true;
        }
        context.disableDefaultConstraintViolation();
        context.buildConstraintViolationWithTemplate(producer ? producerMessage() : message()).addConstraintViolation();
        return false;
    }
}
