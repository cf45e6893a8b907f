package com.encrata.webhooks.webhook.validation;

import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/** The {@code auth} object is complete and well-formed for its type (SPEC §10); each problem names its part. */
@Retention(RUNTIME)
@Target(TYPE)
@Constraint(validatedBy = EndpointCredentialsValidator.class)
public @interface EndpointCredentials {

    String message() default "must be a valid auth object";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
