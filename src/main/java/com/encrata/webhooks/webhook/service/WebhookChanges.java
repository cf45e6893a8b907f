package com.encrata.webhooks.webhook.service;

import java.util.List;
import java.util.Map;

import com.encrata.webhooks.event.EventType;
import com.encrata.webhooks.webhook.options.EndpointAuth;

/**
 * A validated update: url is always set; a null optional field keeps its value ("" clears the
 * description and the filter, a rate limit of 0 removes it, {} the headers, auth of type none the
 * credentials ({@code removeAuth}); auth that repeats the stored type without its secret part keeps the stored secret).
 */
public record WebhookChanges(String url, List<EventType> events, String description, Boolean active, String ordering,
        Integer rateLimit, Map<String, String> headers, EndpointAuth auth, boolean removeAuth, String filter) {
}
