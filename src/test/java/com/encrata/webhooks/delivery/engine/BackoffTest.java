package com.encrata.webhooks.delivery.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void doublesFromHalfASecondUpToTheCap() {
        Backoff backoff = new Backoff(30_000);
        assertThat(backoff.failed()).isEqualTo(500);
        assertThat(backoff.failed()).isEqualTo(1_000);
        assertThat(backoff.failed()).isEqualTo(2_000);
        for (int i = 0; i < 10; i++) {
            backoff.failed();
        }
        assertThat(backoff.failed()).isEqualTo(30_000);
    }

    @Test
    void oneSuccessStartsOver() {
        Backoff backoff = new Backoff(30_000);
        backoff.failed();
        backoff.failed();
        backoff.succeeded();
        assertThat(backoff.failed()).isEqualTo(500);
    }
}
