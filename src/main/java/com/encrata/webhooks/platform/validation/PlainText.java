package com.encrata.webhooks.platform.validation;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/**
 * Human text of at most {@code max} code points: no NUL or other control characters (tab, CR and
 * LF excepted) and no lone surrogates.
 */
@Retention(RUNTIME)
@Target({FIELD, PARAMETER, RECORD_COMPONENT})
@Constraint(validatedBy = PlainTextValidator.class)
public @interface PlainText {

    int max();

    /** A name: measured after trimming, and no control characters at all (not even tab or newline). */
    boolean name() default false;

    String message() default "{encrata.validation.plain-text}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
