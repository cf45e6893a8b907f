package com.encrata.webhooks.webhook.validation;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/**
 * The string is a webhook filter (SPEC §10): a CEL expression over {@code event} and {@code data}
 * that compiles and is boolean. "" stands for no filter; its length is {@code @Size}'s to check.
 */
@Retention(RUNTIME)
@Target({FIELD, PARAMETER, RECORD_COMPONENT})
@Constraint(validatedBy = FilterExpressionValidator.class)
public @interface FilterExpression {

    String message() default "must be a boolean CEL expression over event and data";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
