package com.encrata.webhooks.platform.error;

/**
 * A request the domain refuses, named by what went wrong ({@code DuplicateUrl}, {@code NotFound}...).
 * Services throw these; {@link ErrorMapper} alone decides the HTTP status. No stack trace is kept:
 * they are answers, not bugs.
 */
public abstract class DomainException extends RuntimeException {

    protected DomainException(String message) {
        super(message, null, false, false);
    }
}
