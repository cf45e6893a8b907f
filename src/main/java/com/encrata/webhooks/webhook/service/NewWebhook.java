package com.encrata.webhooks.webhook.service;

import java.util.List;
import java.util.Map;

import com.encrata.webhooks.event.EventType;
import com.encrata.webhooks.webhook.options.EndpointAuth;

/**
 * A validated request to create a webhook: {@code headers} empty for none, {@code auth} and
 * {@code filter} null for none.
 */
public record NewWebhook(String url, List<EventType> events, String description, boolean active, String ordering,
        Integer rateLimit, Map<String, String> headers, EndpointAuth auth, String filter) {
}
