package com.encrata.webhooks.webhook.validation;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

import com.encrata.webhooks.platform.net.PrivateTargets;

/** Checks {@link WebhookUrl} with the configured private-targets switch; the message says what is wrong. */
@ApplicationScoped
public class WebhookUrlValidator implements ConstraintValidator<WebhookUrl, String> {

    // Looked up per call: validators are built at static init, before runtime config exists.
    private final Instance<PrivateTargets> privateTargets;

    public WebhookUrlValidator(Instance<PrivateTargets> privateTargets) {
        this.privateTargets = privateTargets;
    }

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
        if (value == null) {
            return true;
        }
        Optional<String> problem = WebhookUrlPolicy.check(value, privateTargets.get().allowed());
        if (problem.isEmpty()) {
            return true;
        }
        context.disableDefaultConstraintViolation();
        context.buildConstraintViolationWithTemplate(problem.get()).addConstraintViolation();
        return false;
    }
}
