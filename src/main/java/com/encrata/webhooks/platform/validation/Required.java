package com.encrata.webhooks.platform.validation;

import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.OverridesAttribute;
import jakarta.validation.Payload;
import jakarta.validation.ReportAsSingleViolation;
import jakarta.validation.constraints.NotNull;

/**
 * A query or path parameter that must be given. A plain {@code @NotNull} on a resource parameter
 * means "the request needs a body" to the error mapper; this one names the parameter instead.
 */
@NotNull
@ReportAsSingleViolation
@Retention(RUNTIME)
@Target(PARAMETER)
@Constraint(validatedBy = {})
public @interface Required {

    @OverridesAttribute(constraint = NotNull.class, name = "message")
    String message() default "{jakarta.validation.constraints.NotNull.message}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
