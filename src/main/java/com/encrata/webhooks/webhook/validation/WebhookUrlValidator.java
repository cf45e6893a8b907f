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

    // Looked up at the first check, not at construction: validators are built at static init, before
    // runtime config exists. Runtime config does not change afterwards, so the answer is kept.
    private final Instance<PrivateTargets> privateTargets;
    private volatile Boolean allowed;

    public WebhookUrlValidator(Instance<PrivateTargets> privateTargets) {
        this.privateTargets = privateTargets;
    }

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
        if (value == null) {
            return true;
        }
        Optional<String> problem = WebhookUrlPolicy.check(value, privateTargetsAllowed());
        if (problem.isEmpty()) {
            return true;
        }
        context.disableDefaultConstraintViolation();
        context.buildConstraintViolationWithTemplate(problem.get()).addConstraintViolation();
        return false;
    }

    private boolean privateTargetsAllowed() {
        Boolean known = allowed;
        if (known == null) {
            known = privateTargets.get().allowed();
            allowed = known;
        }
        return known;
    }
}
