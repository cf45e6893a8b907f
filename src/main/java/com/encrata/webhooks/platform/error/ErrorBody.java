package com.encrata.webhooks.platform.error;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The body of every error answer: one sentence, plus field details for validation failures. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(String error, List<FieldError> details) {

    public static final String VALIDATION_FAILED = "Request validation failed";
    public static final int MAX_DETAILS = 10;

    public static ErrorBody of(String error) {
        return new ErrorBody(error, null);
    }

    public static ErrorBody of(String error, List<FieldError> details) {
        if (details == null || details.isEmpty()) {
            return new ErrorBody(error, null);
        }
        return new ErrorBody(error, details.size() > MAX_DETAILS ? details.subList(0, MAX_DETAILS) : details);
    }
}
