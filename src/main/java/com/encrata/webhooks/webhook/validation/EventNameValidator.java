package com.encrata.webhooks.webhook.validation;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

import com.encrata.webhooks.event.EventType;

/** Checks {@link EventName}; the message lists the valid names. */
public class EventNameValidator implements ConstraintValidator<EventName, String> {

    public static final String MESSAGE = "must be one of: " + EventType.VALID_NAMES;

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
        if (value == null || EventType.fromWire(value).isPresent()) {
            return true;
        }
        context.disableDefaultConstraintViolation();
        context.buildConstraintViolationWithTemplate(MESSAGE).addConstraintViolation();
        return false;
    }
}
