package com.encrata.webhooks.delivery.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;

/** How events waiting for intake's statement are grouped, answered and, when a statement fails, run again. */
class IntakeBatchesTest {

    /** The statements started, each with the events it was given, and their results, completed by the test. */
    private final List<List<Integer>> runs = new ArrayList<>();
    private final List<CompletableFuture<List<String>>> results = new ArrayList<>();
    private final IntakeBatches<Integer, String> batches = new IntakeBatches<>(events -> {
        runs.add(events);
        CompletableFuture<List<String>> result = new CompletableFuture<>();
        results.add(result);
        return Uni.createFrom().completionStage(result);
    });

    private List<UniAssertSubscriber<String>> submit(int from, int to, long bytes) {
        return IntStream.range(from, to)
                .mapToObj(i -> batches.submit(i, bytes).subscribe().withSubscriber(UniAssertSubscriber.<String>create()))
                .toList();
    }

    private static List<String> answers(List<Integer> events) {
        return events.stream().map(i -> "stored " + i).toList();
    }

    private void answer(int run) {
        results.get(run).complete(answers(runs.get(run)));
    }

    @Test
    void eventsThatArriveWhileStatementsRunAreStoredByTheNextOneTogether() {
        List<UniAssertSubscriber<String>> callers = submit(0, 10, 100);
        assertThat(runs).as("the first events wait for nothing").containsExactly(List.of(0), List.of(1));
        assertThat(batches.waiting()).isEqualTo(8);

        answer(1);
        callers.get(1).assertItem("stored 1");
        callers.get(0).assertNotTerminated();
        assertThat(runs.get(2)).containsExactly(2, 3, 4, 5, 6, 7, 8, 9);

        answer(2);
        answer(0);
        for (int i = 0; i < 10; i++) {
            callers.get(i).assertItem("stored " + i);
        }
        assertThat(runs).hasSize(3);
        assertThat(batches.waiting()).isZero();

        submit(10, 11, 100).get(0).assertNotTerminated();
        assertThat(runs.get(3)).as("nothing runs: the next event starts at once").containsExactly(10);
    }

    @Test
    void aStatementTakesAtMostItsCountOfEventsAndBytesButAlwaysOne() {
        submit(0, IntakeBatches.RUNNING, 1);
        submit(100, 100 + IntakeBatches.MAX_EVENTS + 5, 1);
        answer(0);
        assertThat(runs.get(IntakeBatches.RUNNING)).hasSize(IntakeBatches.MAX_EVENTS);
        answer(1);
        assertThat(runs.get(IntakeBatches.RUNNING + 1)).hasSize(5);

        List<UniAssertSubscriber<String>> large = submit(200, 203, IntakeBatches.MAX_BYTES / 2 + 1);
        answer(2);
        assertThat(runs.get(4)).as("two would pass the bytes").containsExactly(200);
        answer(3);
        assertThat(runs.get(5)).containsExactly(201);
        submit(300, 301, IntakeBatches.MAX_BYTES * 2);
        answer(4);
        assertThat(runs.get(6)).as("one larger than the bound still goes, alone").containsExactly(202);
        large.get(0).assertItem("stored 200");
        answer(5);
        assertThat(runs.get(7)).containsExactly(300);
    }

    @Test
    void whenAStatementOfSeveralFailsEachOfItsEventsRunsAloneAndFailsOnItsOwn() {
        submit(0, IntakeBatches.RUNNING, 1);
        List<UniAssertSubscriber<String>> callers = submit(10, 13, 1);
        answer(0);
        assertThat(runs.get(IntakeBatches.RUNNING)).containsExactly(10, 11, 12);

        results.get(IntakeBatches.RUNNING).completeExceptionally(new IllegalStateException("one bad event"));
        assertThat(runs.subList(IntakeBatches.RUNNING + 1, runs.size()))
                .containsExactly(List.of(10), List.of(11), List.of(12));
        callers.forEach(UniAssertSubscriber::assertNotTerminated);
        answer(IntakeBatches.RUNNING + 1);
        results.get(IntakeBatches.RUNNING + 2).completeExceptionally(new IllegalStateException("bad"));
        answer(IntakeBatches.RUNNING + 3);
        callers.get(0).assertItem("stored 10");
        callers.get(1).assertFailedWith(IllegalStateException.class, "bad");
        callers.get(2).assertItem("stored 12");

        // The slot of the failed statement is free again.
        answer(1);
        submit(20, 21, 1);
        assertThat(runs.get(runs.size() - 1)).containsExactly(20);
    }

    @Test
    void aStatementOfOneThatFailsFailsItsEvent() {
        UniAssertSubscriber<String> caller = submit(0, 1, 1).get(0);
        results.get(0).completeExceptionally(new IllegalStateException("down"));
        caller.assertFailedWith(IllegalStateException.class, "down");
        assertThat(runs).hasSize(1);
    }
}
