package com.encrata.webhooks.platform.validation;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** Checks {@link Rfc3339}. */
public class Rfc3339Validator implements ConstraintValidator<Rfc3339, String> {

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
        return value == null || parse(value).isPresent();
    }

    /** The instant, when the value is an RFC 3339 date-time with an offset (lowercase t/z accepted). */
    public static Optional<OffsetDateTime> parse(String value) {
        if (value == null || value.length() > 64) {
            return Optional.empty();
        }
        try {
            OffsetDateTime parsed = OffsetDateTime.parse(value.toUpperCase(), DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            // The database stores years 1 to 9999 (and so does every client worth serving).
            return parsed.getYear() < 1 || parsed.getYear() > 9999 ? Optional.empty() : Optional.of(parsed);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
