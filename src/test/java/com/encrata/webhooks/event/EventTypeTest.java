package com.encrata.webhooks.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

class EventTypeTest {

    @Test
    void validNamesListEveryTypeInOrder() {
        assertThat(EventType.VALID_NAMES).isEqualTo(
                Arrays.stream(EventType.values()).map(EventType::wireName).collect(Collectors.joining(", ")));
    }
}
