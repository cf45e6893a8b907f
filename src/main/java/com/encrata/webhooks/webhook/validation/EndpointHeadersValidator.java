package com.encrata.webhooks.webhook.validation;

import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

import com.encrata.webhooks.webhook.options.HeaderRules;

/**
 * Checks {@link EndpointHeaders} with {@link HeaderRules}: a problem with one header is reported on
 * {@code headers.<name>}, one with the whole set on {@code headers}. Messages never repeat the input.
 */
public class EndpointHeadersValidator implements ConstraintValidator<EndpointHeaders, Map<String, String>> {

    @Override
    public boolean isValid(Map<String, String> headers, ConstraintValidatorContext context) {
        if (headers == null) {
            return true;
        }
        context.disableDefaultConstraintViolation();
        boolean valid = true;
        if (headers.size() > HeaderRules.MAX_HEADERS) {
            context.buildConstraintViolationWithTemplate("must have at most " + HeaderRules.MAX_HEADERS + " headers")
                    .addConstraintViolation();
            valid = false;
        }
        Set<String> seen = new HashSet<>();
        int total = 0;
        for (Map.Entry<String, String> header : headers.entrySet()) {
            String name = header.getKey();
            String problem = HeaderRules.nameProblem(name);
            if (problem == null && !seen.add(name.toLowerCase(Locale.ROOT))) {
                problem = "repeats a header name (names are case-insensitive)";
            }
            if (problem == null) {
                problem = HeaderRules.valueProblem(header.getValue());
            }
            if (problem != null) {
                context.buildConstraintViolationWithTemplate(problem).addBeanNode().inIterable().atKey(name)
                        .addConstraintViolation();
                valid = false;
            } else {
                total += HeaderRules.size(name, header.getValue());
            }
        }
        if (total > HeaderRules.MAX_TOTAL_BYTES) {
            context.buildConstraintViolationWithTemplate("must be at most 8 KiB in all").addConstraintViolation();
            valid = false;
        }
        return valid;
    }
}
