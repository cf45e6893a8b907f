package com.encrata.webhooks.event;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** Checks {@link EventName}; the message is derived from {@link EventType}. */
public class EventNameValidator implements ConstraintValidator<EventName, String> {

    /** What every refusal of an event name says. */
    public static String message() {
        return "must be one of: " + EventType.validNames();
    }

    private boolean allowNull;

    @Override
    public void initialize(EventName annotation) {
        allowNull = annotation.allowNull();
    }

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
        if (value == null ? allowNull : EventType.fromWire(value).isPresent()) {
            return true;
        }
        context.disableDefaultConstraintViolation();
        context.buildConstraintViolationWithTemplate(message()).addConstraintViolation();
        return false;
    }
}
