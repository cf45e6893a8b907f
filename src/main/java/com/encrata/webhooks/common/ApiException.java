package com.encrata.webhooks.common;

import java.util.List;

/** A client-facing failure: an HTTP status and the one-sentence message of the error body. */
public class ApiException extends RuntimeException {

    private final int status;
    private final transient List<FieldError> details;

    public ApiException(int status, String message) {
        this(status, message, null);
    }

    public ApiException(int status, String message, List<FieldError> details) {
        super(message, null, false, false);
        this.status = status;
        this.details = details;
    }

    public int status() {
        return status;
    }

    public List<FieldError> details() {
        return details;
    }

    public static ApiException badRequest(String field, String message) {
        return new ApiException(400, ErrorBody.VALIDATION_FAILED, List.of(new FieldError(field, message)));
    }

    public static ApiException notFound(String what) {
        return new ApiException(404, what + " not found");
    }

    public static ApiException conflict(String message) {
        return new ApiException(409, message);
    }
}
