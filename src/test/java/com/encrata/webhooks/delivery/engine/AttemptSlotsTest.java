package com.encrata.webhooks.delivery.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AttemptSlotsTest {

    @Test
    void roomIsTheOverallLimitLessRunningAndWaiting() {
        AttemptSlots<String> slots = new AttemptSlots<>(4, 2);
        assertThat(slots.room(100)).isEqualTo(4);
        assertThat(slots.room(3)).isEqualTo(3);
        slots.startOrQueue("a", "1");
        slots.startOrQueue("a", "2");
        slots.startOrQueue("a", "3");
        assertThat(slots.running()).isEqualTo(2);
        assertThat(slots.waiting()).isEqualTo(1);
        assertThat(slots.room(100)).isEqualTo(1);
        slots.startOrQueue("b", "4");
        assertThat(slots.room(100)).isZero();
    }

    @Test
    void anAnsweredAttemptFreesItsHostButHoldsRoomUntilRecorded() {
        AttemptSlots<String> slots = new AttemptSlots<>(3, 1);
        slots.startOrQueue("a", "1");
        slots.startOrQueue("a", "2");
        assertThat(slots.room(100)).isEqualTo(1);
        assertThat(slots.answered("a")).contains("2");
        assertThat(slots.startOrQueue("a", "2")).isTrue();
        assertThat(slots.runningTo("a")).isEqualTo(1);
        assertThat(slots.recording()).isEqualTo(1);
        assertThat(slots.room(100)).isEqualTo(1);
        assertThat(slots.roomWithBacklog(10)).isEqualTo(11);
        slots.startOrQueue("b", "3");
        assertThat(slots.room(100)).isZero();
        slots.recorded();
        assertThat(slots.room(100)).isEqualTo(1);
        assertThat(slots.room(0)).isZero();
    }

    @Test
    void aFullHostQueuesWhileOtherHostsStillStart() {
        AttemptSlots<String> slots = new AttemptSlots<>(100, 2);
        assertThat(slots.startOrQueue("a", "1")).isTrue();
        assertThat(slots.startOrQueue("a", "2")).isTrue();
        assertThat(slots.startOrQueue("a", "3")).isFalse();
        assertThat(slots.startOrQueue("b", "4")).isTrue();
        assertThat(slots.runningTo("a")).isEqualTo(2);
        assertThat(slots.runningTo("b")).isEqualTo(1);
    }

    @Test
    void aFinishedAttemptHandsItsHostToTheOldestWaiter() {
        AttemptSlots<String> slots = new AttemptSlots<>(100, 1);
        slots.startOrQueue("a", "1");
        slots.startOrQueue("a", "2");
        slots.startOrQueue("a", "3");
        assertThat(slots.finish("a")).contains("2");
        assertThat(slots.runningTo("a")).isZero();
        assertThat(slots.startOrQueue("a", "2")).isTrue();
        assertThat(slots.finish("a")).contains("3");
        assertThat(slots.startOrQueue("a", "3")).isTrue();
        assertThat(slots.finish("a")).isEmpty();
        assertThat(slots.running()).isZero();
        assertThat(slots.waiting()).isZero();
    }

    @Test
    void theHostLimitHoldsUnderAnyInterleaving() {
        AttemptSlots<Integer> slots = new AttemptSlots<>(1000, 3);
        java.util.Random random = new java.util.Random(42);
        java.util.List<String> running = new java.util.ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            String host = "h" + random.nextInt(4);
            if (random.nextBoolean() || running.isEmpty()) {
                if (slots.startOrQueue(host, i)) {
                    running.add(host);
                }
            } else {
                String done = running.remove(random.nextInt(running.size()));
                if (slots.finish(done).isPresent() && slots.startOrQueue(done, i)) {
                    running.add(done);
                }
            }
            for (int h = 0; h < 4; h++) {
                assertThat(slots.runningTo("h" + h)).isLessThanOrEqualTo(3);
            }
        }
    }

    @Test
    void shutdownDrainsEveryQueue() {
        AttemptSlots<String> slots = new AttemptSlots<>(100, 1);
        slots.startOrQueue("a", "1");
        slots.startOrQueue("a", "2");
        slots.startOrQueue("b", "3");
        slots.startOrQueue("b", "4");
        assertThat(slots.drainWaiting()).containsExactlyInAnyOrder("2", "4");
        assertThat(slots.waiting()).isZero();
        assertThat(slots.finish("a")).isEmpty();
    }

    @Test
    void workBeyondTheOverallLimitWaitsForRoomAndCountsAgainstIt() {
        AttemptSlots<String> slots = new AttemptSlots<>(2, 10);
        assertThat(slots.startOrQueue("a", "1")).isTrue();
        assertThat(slots.startOrQueue("b", "2")).isTrue();
        assertThat(slots.startOrQueue("c", "3")).isFalse();
        assertThat(slots.startOrQueue("a", "4")).isFalse();
        assertThat(slots.running()).isEqualTo(2);
        assertThat(slots.waiting()).isEqualTo(2);
        assertThat(slots.room(100)).isZero();
        assertThat(slots.roomWithBacklog(5)).isEqualTo(3);
        // A freed slot goes to the oldest one waiting for room, whatever its host.
        assertThat(slots.finish("b")).contains("3");
        assertThat(slots.startOrQueue("c", "3")).isTrue();
        assertThat(slots.finish("a")).contains("4");
        assertThat(slots.drainWaiting()).isEmpty();
    }
}
