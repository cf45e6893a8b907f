package com.encrata.webhooks.event;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EventTypeTest {

    @Test
    void validNamesListEveryTypeInOrder() {
        assertThat(EventType.validNames()).isEqualTo(
                "lookup.completed, apikey.created, apikey.revoked, credits.low, credits.exhausted, webhook.failing, "
                        + "webhook.recovered, webhook.disabled, delivery.exhausted");
    }

    @Test
    void producersNameOnlyTheFiveEncrataEvents() {
        assertThat(EventType.producerNames()).isEqualTo(
                "lookup.completed, apikey.created, apikey.revoked, credits.low, credits.exhausted");
    }
}
