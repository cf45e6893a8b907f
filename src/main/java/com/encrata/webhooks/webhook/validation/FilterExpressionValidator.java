package com.encrata.webhooks.webhook.validation;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

import com.encrata.webhooks.platform.validation.MessageTemplates;
import com.encrata.webhooks.webhook.filter.Compilation;
import com.encrata.webhooks.webhook.filter.EventFilters;

/**
 * Checks {@link FilterExpression} by compiling the filter; a refusal carries the parser's or the
 * checker's message, escaped so that input quoted in it is never read as a message template.
 */
@ApplicationScoped
public class FilterExpressionValidator implements ConstraintValidator<FilterExpression, String> {

    // Looked up at the first check: validators are built at static init, and the compiler is built on first use.
    private final Instance<EventFilters> filters;

    public FilterExpressionValidator(Instance<EventFilters> filters) {
        this.filters = filters;
    }

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
        if (value == null || value.isEmpty() || value.length() > EventFilters.MAX_LENGTH) {
            return true;
        }
        if (!(filters.get().compile(value) instanceof Compilation.Refused refused)) {
            return true;
        }
        context.disableDefaultConstraintViolation();
        context.buildConstraintViolationWithTemplate(MessageTemplates.literal(refused.message())).addConstraintViolation();
        return false;
    }
}
