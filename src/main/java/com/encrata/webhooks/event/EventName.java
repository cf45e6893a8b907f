package com.encrata.webhooks.event;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/** The string is the exact wire name of an {@link EventType}; the message lists the valid names. */
@Retention(RUNTIME)
@Target({TYPE_USE, FIELD, METHOD, PARAMETER, RECORD_COMPONENT})
@Constraint(validatedBy = EventNameValidator.class)
public @interface EventName {

    /** False where a null stands for a wrong event (an element of a list), not for an absent field. */
    boolean allowNull() default true;

    /** True where the name comes from a producer: the service's operational events are refused there. */
    boolean producer() default false;

    String message() default "must be one of the valid events";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
