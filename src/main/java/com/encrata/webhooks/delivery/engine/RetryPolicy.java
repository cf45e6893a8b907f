package com.encrata.webhooks.delivery.engine;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to try again: the configured delays between consecutive attempts with ±20 % uniform jitter,
 * a {@code Retry-After} on 429/503 as a floor (capped at an hour), nothing after the last attempt
 * or after a 410.
 */
public final class RetryPolicy {

    static final double JITTER = 0.2;
    static final long RETRY_AFTER_CAP_SECONDS = 3600;

    private final List<Duration> delays;

    public RetryPolicy(List<Duration> delays) {
        this.delays = List.copyOf(delays);
    }

    public int maxAttempts() {
        return delays.size() + 1;
    }

    /**
     * Seconds to wait before the next attempt after {@code attemptsMade} attempts, or empty when
     * the delivery has failed for good.
     */
    public OptionalLong nextDelayMillis(int attemptsMade, Integer status, String retryAfter) {
        if (attemptsMade >= maxAttempts() || (status != null && status == 410)) {
            return OptionalLong.empty();
        }
        long base = delays.get(attemptsMade - 1).toMillis();
        double factor = 1 + ThreadLocalRandom.current().nextDouble(-JITTER, JITTER);
        long delay = Math.round(base * factor);
        if (status != null && (status == 429 || status == 503)) {
            OptionalLong floor = retryAfterSeconds(retryAfter);
            if (floor.isPresent()) {
                delay = Math.max(delay, Math.min(floor.getAsLong(), RETRY_AFTER_CAP_SECONDS) * 1000);
            }
        }
        return OptionalLong.of(delay);
    }

    /** A Retry-After header in seconds or as an HTTP date, as seconds from now. */
    static OptionalLong retryAfterSeconds(String value) {
        if (value == null || value.isBlank()) {
            return OptionalLong.empty();
        }
        String v = value.trim();
        try {
            long seconds = Long.parseLong(v);
            return seconds >= 0 ? OptionalLong.of(seconds) : OptionalLong.empty();
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
                long seconds = Duration.between(ZonedDateTime.now(at.getZone()), at).toSeconds();
                return OptionalLong.of(Math.max(0, seconds));
            } catch (DateTimeParseException notDate) {
                return OptionalLong.empty();
            }
        }
    }
}
