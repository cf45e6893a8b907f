package com.encrata.webhooks.delivery.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(List.of(Duration.ofSeconds(5), Duration.ofMinutes(5),
            Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(10)));

    @RepeatedTest(20)
    void delaysFollowTheScheduleWithin20PercentJitter() {
        long[] base = {5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000};
        for (int attempt = 1; attempt <= 7; attempt++) {
            long delay = policy.nextDelayMillis(attempt, 500, null).orElseThrow();
            assertThat(delay).isBetween(Math.round(base[attempt - 1] * 0.8), Math.round(base[attempt - 1] * 1.2));
        }
    }

    @Test
    void eightAttemptsInAll() {
        assertThat(policy.maxAttempts()).isEqualTo(8);
        assertThat(policy.nextDelayMillis(8, 500, null)).isEmpty();
    }

    @Test
    void goneIsNeverRetried() {
        assertThat(policy.nextDelayMillis(1, 410, null)).isEmpty();
    }

    @Test
    void retryAfterIsAFloorCappedAtAnHour() {
        assertThat(policy.nextDelayMillis(1, 429, "120").orElseThrow()).isEqualTo(120_000);
        assertThat(policy.nextDelayMillis(1, 503, "999999").orElseThrow()).isEqualTo(3_600_000);
        assertThat(policy.nextDelayMillis(3, 429, "1").orElseThrow()).isGreaterThan(1_000_000);
        assertThat(policy.nextDelayMillis(1, 500, "120").orElseThrow()).isLessThan(10_000);
        String date = ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(600).format(DateTimeFormatter.RFC_1123_DATE_TIME);
        assertThat(policy.nextDelayMillis(1, 503, date).orElseThrow()).isBetween(590_000L, 600_000L);
        assertThat(policy.nextDelayMillis(1, 503, "soon").orElseThrow()).isLessThan(10_000);
    }
}
