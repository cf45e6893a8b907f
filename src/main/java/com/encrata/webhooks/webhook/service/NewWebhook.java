package com.encrata.webhooks.webhook.service;

import java.util.List;

import com.encrata.webhooks.event.EventType;

/** A validated request to create a webhook. */
public record NewWebhook(String url, List<EventType> events, String description, boolean active, String ordering,
        Integer rateLimit) {
}
