package com.encrata.webhooks.webhook.validation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

import com.encrata.webhooks.delivery.DeliveryConfig;

/** Checks {@link WebhookUrl} with the configured private-targets switch; the message says what is wrong. */
@ApplicationScoped
public class WebhookUrlValidator implements ConstraintValidator<WebhookUrl, String> {

    // Looked up per call: validators are built at static init, before runtime config exists.
    private final Instance<DeliveryConfig> config;

    public WebhookUrlValidator(Instance<DeliveryConfig> config) {
        this.config = config;
    }

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
        if (value == null) {
            return true;
        }
        WebhookUrlPolicy.Result result = WebhookUrlPolicy.check(value, config.get().allowPrivateTargets());
        if (result.valid()) {
            return true;
        }
        context.disableDefaultConstraintViolation();
        context.buildConstraintViolationWithTemplate(result.error()).addConstraintViolation();
        return false;
    }
}
