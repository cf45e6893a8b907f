package com.encrata.webhooks.webhook.validation;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/** The map is an acceptable set of a webhook's own headers (SPEC §10); each problem names its header. */
@Retention(RUNTIME)
@Target({FIELD, PARAMETER, RECORD_COMPONENT})
@Constraint(validatedBy = EndpointHeadersValidator.class)
public @interface EndpointHeaders {

    String message() default "must be an object of header names and values";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
