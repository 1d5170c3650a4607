package io.departure.gateway.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;

/** Compensations and releases: when they run, in which order, retried, and at shutdown. */
class CompensationTest {

    private static final Backoff BACKOFF = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2), 0.2);

    private final List<String> undone = new CopyOnWriteArrayList<>();
    private final List<String> reported = new CopyOnWriteArrayList<>();
    private final EngineObserver observer = new EngineObserver() {
        @Override
        public void compensated(String step, int attempts, Throwable failure) {
            reported.add(step + ":" + attempts + ":" + (failure == null ? "ok" : "failed"));
        }
    };

    private Step<Object> booking(String name, long ms) {
        return Step.<Object>of(name, false, List.of(), c -> Uni.createFrom().item((Object) name).onItem().delayIt()
                .by(Duration.ofMillis(ms)))
                .withCompensation(value -> Uni.createFrom().voidItem().invoke(() -> undone.add("undo " + value)));
    }

    private static Step<Object> failing(String name, long ms) {
        return Step.of(name, true, List.of(), c -> Uni.createFrom().item((Object) name).onItem().delayIt().by(Duration.ofMillis(ms))
                .onItem().failWith(() -> new StepFailure(StepFailure.Kind.UPSTREAM, "down")));
    }

    private static AssertSubscriber<ExecutionEvent> run(ExecutionEngine engine, Plan plan, Duration deadline) {
        return engine.execute(plan, deadline).subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
    }

    @Test
    void failedExecutionUndoesCompletedStepsInReverseOrder() {
        ExecutionEngine engine = new ExecutionEngine(observer, BACKOFF, Duration.ofSeconds(2));
        run(engine, Plan.of(booking("first", 10), booking("second", 60), failing("payment", 150)), Duration.ofSeconds(5))
                .awaitCompletion(Duration.ofSeconds(2));
        await().atMost(Duration.ofSeconds(2)).until(() -> undone.size() == 2);
        assertThat(undone).containsExactly("undo second", "undo first");
        assertThat(reported).containsExactly("second:1:ok", "first:1:ok");
    }

    @Test
    void successfulExecutionKeepsItsEffectsButReleasesItsLeases() {
        ExecutionEngine engine = new ExecutionEngine(observer, BACKOFF, Duration.ofSeconds(2));
        Step<Object> lease = Step.<Object>of("lease", true, List.of(), c -> Uni.createFrom().item((Object) "sub-1"))
                .withRelease(value -> Uni.createFrom().voidItem().invoke(() -> undone.add("release " + value)));
        run(engine, Plan.of(booking("booking", 10), lease), Duration.ofSeconds(5)).awaitCompletion(Duration.ofSeconds(2));
        await().atMost(Duration.ofSeconds(2)).until(() -> undone.size() == 1);
        assertThat(undone).containsExactly("release sub-1");
    }

    @Test
    void abandonedExecutionIsCompensatedAlthoughItsSubscriberIsGone() {
        ExecutionEngine engine = new ExecutionEngine(observer, BACKOFF, Duration.ofSeconds(2));
        AssertSubscriber<ExecutionEvent> events = run(engine, Plan.of(booking("booking", 10),
                Step.of("slow", false, List.of(), c -> Uni.createFrom().nothing())), Duration.ofSeconds(5));
        events.awaitItems(1);
        events.cancel();
        await().atMost(Duration.ofSeconds(2)).until(() -> undone.size() == 1);
        assertThat(undone).containsExactly("undo booking");
    }

    @Test
    void compensationIsRetriedUntilItSucceeds() {
        ExecutionEngine engine = new ExecutionEngine(observer, BACKOFF, Duration.ofSeconds(5));
        AtomicInteger calls = new AtomicInteger();
        Step<Object> flaky = Step.<Object>of("flaky", false, List.of(), c -> Uni.createFrom().item((Object) "x"))
                .withCompensation(value -> Uni.createFrom().item(calls::incrementAndGet)
                        .onItem().transformToUni(n -> n < 3 ? Uni.createFrom().failure(new IllegalStateException("busy"))
                                : Uni.createFrom().voidItem()));
        run(engine, Plan.of(flaky, failing("required", 50)), Duration.ofSeconds(5)).awaitCompletion(Duration.ofSeconds(2));
        await().atMost(Duration.ofSeconds(3)).until(() -> reported.size() == 1);
        assertThat(reported).containsExactly("flaky:3:ok");
    }

    @Test
    void compensationThatKeepsFailingIsReportedAndTheOthersStillRun() {
        ExecutionEngine engine = new ExecutionEngine(observer, BACKOFF, Duration.ofMillis(400));
        Step<Object> broken = Step.<Object>of("broken", false, List.of(), c -> Uni.createFrom().item((Object) "x")
                .onItem().delayIt().by(Duration.ofMillis(30)))
                .withCompensation(value -> Uni.createFrom().failure(new IllegalStateException("gone")));
        run(engine, Plan.of(booking("first", 10), broken, failing("required", 100)), Duration.ofSeconds(5))
                .awaitCompletion(Duration.ofSeconds(2));
        await().atMost(Duration.ofSeconds(3)).until(() -> reported.size() == 2);
        assertThat(reported.get(0)).startsWith("broken:").endsWith(":failed");
        assertThat(reported.get(1)).isEqualTo("first:1:ok");
    }

    @Test
    void shutdownAbandonsLiveExecutionsAndWaitsForTheirCompensations() throws InterruptedException {
        ExecutionEngine engine = new ExecutionEngine(observer, BACKOFF, Duration.ofSeconds(2));
        Step<Object> lease = Step.<Object>of("lease", true, List.of(), c -> Uni.createFrom().item((Object) "sub-9"))
                .withRelease(value -> Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(200))
                        .invoke(() -> undone.add("release " + value)));
        AssertSubscriber<ExecutionEvent> events = run(engine, Plan.of(lease,
                Step.of("watch", false, List.of("lease"), c -> Uni.createFrom().nothing())), Duration.ofMinutes(5));
        events.awaitItems(1);
        assertThat(engine.shutdown(Duration.ofSeconds(2))).isTrue();
        assertThat(undone).containsExactly("release sub-9");
        events.awaitCompletion(Duration.ofSeconds(1));
    }

    @Test
    void longRunningStepPublishesUpdatesBeforeItsOutcome() {
        ExecutionEngine engine = new ExecutionEngine(observer, BACKOFF, Duration.ofSeconds(2));
        Step<Object> watch = Step.of("watch", false, List.of(), c -> {
            c.publish("boarding");
            c.publish("departed");
            return Uni.createFrom().item((Object) "done").onItem().delayIt().by(Duration.ofMillis(20));
        });
        AssertSubscriber<ExecutionEvent> events = run(engine, Plan.of(watch), Duration.ofSeconds(5));
        events.awaitCompletion(Duration.ofSeconds(2));
        assertThat(events.getItems()).hasSize(3);
        assertThat(events.getItems().get(0)).isEqualTo(new StepUpdate("watch", "boarding"));
        assertThat(events.getItems().get(1)).isEqualTo(new StepUpdate("watch", "departed"));
        assertThat(((StepEvent) events.getItems().get(2)).value()).isEqualTo("done");
    }
}
