package com.encrata.webhooks.platform.error;

/** One field of the request is wrong in a way a constraint annotation cannot say (it depends on two sources). */
public class InvalidField extends DomainException {

    private final String field;

    public InvalidField(String field, String message) {
        super(message);
        this.field = field;
    }

    public FieldError detail() {
        return new FieldError(field, getMessage());
    }
}
