package com.encrata.webhooks.platform.validation;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** Checks {@link PlainText}. */
public class PlainTextValidator implements ConstraintValidator<PlainText, String> {

    private int max;
    private boolean name;

    @Override
    public void initialize(PlainText annotation) {
        max = annotation.max();
        name = annotation.name();
    }

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
        if (value == null) {
            return true;
        }
        String problem = problem(name ? value.strip() : value);
        if (problem == null) {
            return true;
        }
        context.disableDefaultConstraintViolation();
        context.buildConstraintViolationWithTemplate(problem).addConstraintViolation();
        return false;
    }

    private String problem(String value) {
        int codePoints = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "must not contain unpaired surrogates";
            } else if (Character.isISOControl(c) && (name || (c != '\t' && c != '\r' && c != '\n'))) {
                return "must not contain control characters";
            }
            codePoints++;
        }
        return codePoints > max ? "must be at most " + max + " characters" : null;
    }
}
