package com.encrata.webhooks.delivery.api;

import com.encrata.webhooks.delivery.service.WebhookTester;

/** The answer of POST /api/webhooks/test: always 200; {@code status} says whether the receiver took it. */
public record TestResponse(String status, String url, String signature, Integer statusCode, String responseBody,
        String error) {

    public static TestResponse of(WebhookTester.Result result) {
        var answer = result.answer();
        return new TestResponse(answer.success() ? "sent" : "failed", result.url(), result.signature(),
                answer.status(), answer.status() == null ? null : answer.body(), answer.error());
    }
}
