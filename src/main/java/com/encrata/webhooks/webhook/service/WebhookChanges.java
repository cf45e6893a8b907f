package com.encrata.webhooks.webhook.service;

import java.util.List;

import com.encrata.webhooks.event.EventType;

/**
 * A validated update: url is always set; a null optional field keeps its value ("" clears the
 * description, a rate limit of 0 removes it).
 */
public record WebhookChanges(String url, List<EventType> events, String description, Boolean active, String ordering,
        Integer rateLimit) {
}
