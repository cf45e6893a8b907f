package com.encrata.webhooks.delivery.engine;

/** The outcome of one HTTP attempt: an answer (status, first 4 KiB of body) or an error value. */
public record Answer(Integer status, String body, String retryAfter, String error) {

    public static Answer failed(String error) {
        return new Answer(null, null, null, error);
    }

    public boolean success() {
        return status != null && status >= 200 && status < 300;
    }
}
