package com.encrata.webhooks.webhook.api;

import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.inject.Singleton;

import com.encrata.webhooks.event.EventNameValidator;
import com.encrata.webhooks.platform.error.WrongTypeMessages;

/** A non-string in a webhook's {@code events} array is answered like an unknown event name. */
@Singleton
public class EventListMessages implements WrongTypeMessages {

    private static final Pattern EVENTS_ELEMENT = Pattern.compile("events\\[\\d+]");

    @Override
    public Optional<String> forPath(String path) {
        return EVENTS_ELEMENT.matcher(path).matches() ? Optional.of(EventNameValidator.message()) : Optional.empty();
    }
}
