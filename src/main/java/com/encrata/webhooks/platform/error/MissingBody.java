package com.encrata.webhooks.platform.error;

/** The request needs a JSON object body and came without one. */
public class MissingBody extends DomainException {

    public MissingBody() {
        super(ErrorMapper.BODY_REQUIRED);
    }
}
