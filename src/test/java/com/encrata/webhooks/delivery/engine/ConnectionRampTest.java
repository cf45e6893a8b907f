package com.encrata.webhooks.delivery.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executor;

import org.junit.jupiter.api.Test;

class ConnectionRampTest {

    private static final ConnectionRamp.Endpoint HOST_A = new ConnectionRamp.Endpoint(null, "10.0.0.1", 443, "a.example");
    private static final ConnectionRamp.Endpoint HOST_B = new ConnectionRamp.Endpoint(null, "10.0.0.2", 443, "b.example");

    private final List<String> asked = new ArrayList<>();
    /** Tasks handed to the executor of the request that got its connection, run when the test says. */
    private final Deque<Runnable> later = new ArrayDeque<>();
    private final Executor laterExecutor = later::add;

    private void enter(ConnectionRamp ramp, ConnectionRamp.Endpoint endpoint, String request) {
        ramp.enter(endpoint, () -> asked.add(request));
    }

    private void runLater() {
        for (Runnable task; (task = later.poll()) != null; ) {
            task.run();
        }
    }

    @Test
    void onlyTheLimitWaitsForAConnectionTheRestGoInOrder() {
        ConnectionRamp ramp = new ConnectionRamp(2);
        for (int i = 1; i <= 5; i++) {
            enter(ramp, HOST_A, "r" + i);
        }
        assertThat(asked).containsExactly("r1", "r2");

        ramp.acquired(HOST_A, null, laterExecutor);
        assertThat(asked).as("the next one goes as a task of its own").containsExactly("r1", "r2");
        runLater();
        assertThat(asked).containsExactly("r1", "r2", "r3");

        ramp.acquired(HOST_A, null, laterExecutor);
        ramp.acquired(HOST_A, null, laterExecutor);
        runLater();
        assertThat(asked).containsExactly("r1", "r2", "r3", "r4", "r5");
    }

    @Test
    void aRequestGivenUpWhileWaitingPassesItsTurnOn() {
        ConnectionRamp ramp = new ConnectionRamp(1);
        enter(ramp, HOST_A, "r1");
        ramp.enter(HOST_A, () -> false);
        ramp.enter(HOST_A, () -> false);
        enter(ramp, HOST_A, "r4");

        ramp.acquired(HOST_A, null, laterExecutor);
        runLater();
        assertThat(asked).containsExactly("r1", "r4");

        ramp.acquired(HOST_A, null, laterExecutor);
        runLater();
        assertThat(ramp.endpoints()).as("nothing waits: the endpoint is forgotten").isZero();
    }

    @Test
    void aFullEndpointHoldsNoOtherBack() {
        ConnectionRamp ramp = new ConnectionRamp(1);
        enter(ramp, HOST_A, "a1");
        enter(ramp, HOST_A, "a2");
        enter(ramp, HOST_B, "b1");
        assertThat(asked).containsExactly("a1", "b1");
        assertThat(ramp.endpoints()).isEqualTo(2);
    }

    @Test
    void anEndpointIsForgottenOnceNothingWaitsAndStartsAfreshAfter() {
        ConnectionRamp ramp = new ConnectionRamp(2);
        enter(ramp, HOST_A, "r1");
        enter(ramp, HOST_A, "r2");
        ramp.acquired(HOST_A, null, laterExecutor);
        ramp.acquired(HOST_A, null, laterExecutor);
        assertThat(later).isEmpty();
        assertThat(ramp.endpoints()).isZero();

        enter(ramp, HOST_A, "r3");
        enter(ramp, HOST_A, "r4");
        enter(ramp, HOST_A, "r5");
        assertThat(asked).containsExactly("r1", "r2", "r3", "r4");
    }

    @Test
    void aRequestGivenUpBeforeItsTurnCameLeavesNoPlaceTaken() {
        ConnectionRamp ramp = new ConnectionRamp(1);
        ramp.enter(HOST_A, () -> false);
        assertThat(ramp.endpoints()).isZero();
        enter(ramp, HOST_A, "r2");
        assertThat(asked).containsExactly("r2");
    }

    @Test
    void anEndpointMayHaveAsManyWaitingAsItHasConnectionsOpen() {
        ConnectionRamp ramp = new ConnectionRamp(2);
        for (int i = 1; i <= 8; i++) {
            enter(ramp, HOST_A, "r" + i);
        }
        Object first = new Object();
        Object second = new Object();
        assertThat(ramp.acquired(HOST_A, first, laterExecutor)).as("a new connection").isTrue();
        assertThat(ramp.acquired(HOST_A, second, laterExecutor)).isTrue();
        runLater();
        assertThat(asked).as("two open: two more, as before").containsExactly("r1", "r2", "r3", "r4");

        Object third = new Object();
        assertThat(ramp.acquired(HOST_A, third, laterExecutor)).isTrue();
        runLater();
        assertThat(asked).as("three open: its place and one more, in order").containsExactly("r1", "r2", "r3", "r4",
                "r5", "r6");
        assertThat(ramp.acquired(HOST_A, first, laterExecutor)).as("a connection seen before").isFalse();
        runLater();
        assertThat(asked).containsExactly("r1", "r2", "r3", "r4", "r5", "r6", "r7");

        enter(ramp, HOST_A, "r9");
        assertThat(asked).as("a newcomer waits behind the queue").doesNotContain("r9");
    }

    @Test
    void aClosedConnectionNoLongerCountsAndAnEndpointIsForgottenWithItsLast() {
        ConnectionRamp ramp = new ConnectionRamp(1);
        Object first = new Object();
        Object second = new Object();
        enter(ramp, HOST_A, "r1");
        ramp.acquired(HOST_A, first, laterExecutor);
        enter(ramp, HOST_A, "r2");
        ramp.acquired(HOST_A, second, laterExecutor);
        assertThat(ramp.endpoints()).as("connections open: remembered").isEqualTo(1);

        enter(ramp, HOST_A, "r3");
        enter(ramp, HOST_A, "r4");
        enter(ramp, HOST_A, "r5");
        assertThat(asked).as("two open: two wait for a connection").containsExactly("r1", "r2", "r3", "r4");
        ramp.closed(HOST_A, first);
        ramp.closed(HOST_A, second);
        ramp.acquired(HOST_A, null, laterExecutor);
        runLater();
        assertThat(asked).as("none open: one at a time again").containsExactly("r1", "r2", "r3", "r4");
        ramp.acquired(HOST_A, null, laterExecutor);
        runLater();
        assertThat(asked).containsExactly("r1", "r2", "r3", "r4", "r5");
        ramp.acquired(HOST_A, null, laterExecutor);
        assertThat(ramp.endpoints()).isZero();
    }

    @Test
    void atLeastOneRequestMustBeLetThrough() {
        assertThatThrownBy(() -> new ConnectionRamp(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("connecting-per-host");
    }
}
