package com.encrata.webhooks.platform.validation;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/** An RFC 3339 date-time with an explicit offset, e.g. {@code 2026-05-02T12:00:00Z}. */
@Retention(RUNTIME)
@Target({FIELD, PARAMETER, RECORD_COMPONENT})
@Constraint(validatedBy = Rfc3339Validator.class)
public @interface Rfc3339 {

    String message() default "{encrata.validation.rfc3339}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
