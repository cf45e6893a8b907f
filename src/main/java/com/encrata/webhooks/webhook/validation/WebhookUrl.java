package com.encrata.webhooks.webhook.validation;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Retention;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/** The string is an acceptable webhook URL under {@link WebhookUrlPolicy}. */
@Retention(RUNTIME)
@Target({FIELD, PARAMETER, RECORD_COMPONENT})
@Constraint(validatedBy = WebhookUrlValidator.class)
public @interface WebhookUrl {

    String message() default "{encrata.validation.url}";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
