package io.departure.gateway.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;

/** The engine alone, driven by Mutiny test subscribers: ordering, dependencies, deadline, cancellation. */
class ExecutionEngineTest {

    private final List<StepEvent> observed = new CopyOnWriteArrayList<>();
    private final ExecutionEngine engine = new ExecutionEngine(new EngineObserver() {
        @Override
        public void stepFinished(StepEvent event) {
            observed.add(event);
        }
    }, new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2), 0.2), Duration.ofSeconds(2));

    private static Uni<Object> after(long ms, Object value) {
        return Uni.createFrom().item(value).onItem().delayIt().by(Duration.ofMillis(ms));
    }

    private static Uni<Object> failAfter(long ms, StepFailure.Kind kind) {
        return Uni.createFrom().item((Object) "pending").onItem().delayIt().by(Duration.ofMillis(ms))
                .onItem().failWith(() -> new StepFailure(kind, kind.name().toLowerCase()));
    }

    private static Step<Object> step(String name, boolean required, List<String> needs, java.util.function.Function<StepContext, Uni<Object>> action) {
        return Step.of(name, required, needs, action);
    }

    private AssertSubscriber<StepEvent> run(Plan plan, Duration deadline) {
        return ExecutionEngine.outcomes(engine.execute(plan, deadline)).subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
    }

    @Test
    void independentStepsRunConcurrentlyAndArePublishedAsTheyFinish() {
        long start = System.nanoTime();
        AssertSubscriber<StepEvent> events = run(Plan.of(
                step("slow", true, List.of(), c -> after(300, "s")),
                step("fast", false, List.of(), c -> after(100, "f"))), Duration.ofSeconds(5));
        events.awaitCompletion(Duration.ofSeconds(3));
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(events.getItems()).extracting(StepEvent::step).containsExactly("fast", "slow");
        assertThat(events.getItems()).extracting(StepEvent::outcome).containsOnly(Outcome.OK);
        assertThat(elapsedMs).as("less than the sum of the two delays").isLessThan(400);
        assertThat(observed).hasSize(2);
    }

    @Test
    void dependentStepStartsWithTheValueItNeeds() {
        AtomicLong firstDoneAt = new AtomicLong();
        AtomicLong secondStartedAt = new AtomicLong();
        AssertSubscriber<StepEvent> events = run(Plan.of(
                step("flight", true, List.of(), c -> after(150, "EZE").invoke(() -> firstDoneAt.set(System.nanoTime()))),
                step("forecast", false, List.of("flight"), c -> {
                    secondStartedAt.set(System.nanoTime());
                    return Uni.createFrom().item("weather at " + c.input("flight", String.class));
                })), Duration.ofSeconds(5));
        events.awaitCompletion(Duration.ofSeconds(3));
        assertThat(events.getItems()).extracting(StepEvent::value).containsExactly("EZE", "weather at EZE");
        assertThat(secondStartedAt.get()).isGreaterThanOrEqualTo(firstDoneAt.get());
    }

    @Test
    void stepWhoseNeedFailedIsSkipped() {
        AtomicBoolean ran = new AtomicBoolean();
        AssertSubscriber<StepEvent> events = run(Plan.of(
                step("a", false, List.of(), c -> failAfter(10, StepFailure.Kind.UPSTREAM)),
                step("b", false, List.of("a"), c -> {
                    ran.set(true);
                    return Uni.createFrom().item("b");
                })), Duration.ofSeconds(5));
        events.awaitCompletion(Duration.ofSeconds(3));
        assertThat(events.getItems()).extracting(StepEvent::outcome).containsExactly(Outcome.FAILED, Outcome.SKIPPED);
        assertThat(events.getItems().get(1).error()).isEqualTo("not run: a did not succeed");
        assertThat(ran).isFalse();
    }

    @Test
    void failedRequiredStepCancelsTheStepsStillRunning() {
        AtomicBoolean cancelled = new AtomicBoolean();
        AssertSubscriber<StepEvent> events = run(Plan.of(
                step("required", true, List.of(), c -> failAfter(50, StepFailure.Kind.NOT_FOUND)),
                step("slow", false, List.of(), c -> after(5_000, "late").onCancellation().invoke(() -> cancelled.set(true))),
                step("after", false, List.of("slow"), c -> Uni.createFrom().item("x"))), Duration.ofSeconds(10));
        events.awaitCompletion(Duration.ofSeconds(2));
        assertThat(events.getItems()).extracting(StepEvent::step, StepEvent::outcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple("required", Outcome.FAILED),
                org.assertj.core.groups.Tuple.tuple("slow", Outcome.CANCELLED),
                org.assertj.core.groups.Tuple.tuple("after", Outcome.SKIPPED));
        assertThat(events.getItems().get(0).failsExecution()).isTrue();
        assertThat(cancelled).isTrue();
    }

    @Test
    void deadlineEndsRunningStepsAsTimeoutsAndCancelsTheirWork() {
        AtomicBoolean cancelled = new AtomicBoolean();
        long start = System.nanoTime();
        AssertSubscriber<StepEvent> events = run(Plan.of(
                step("fast", true, List.of(), c -> after(10, "ok")),
                step("hangs", false, List.of(), c -> Uni.createFrom().nothing().onCancellation().invoke(() -> cancelled.set(true)))),
                Duration.ofMillis(200));
        events.awaitCompletion(Duration.ofSeconds(2));
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(events.getItems()).extracting(StepEvent::outcome).containsExactly(Outcome.OK, Outcome.TIMEOUT);
        assertThat(events.getItems().get(1).error()).isEqualTo("deadline exceeded");
        assertThat(cancelled).isTrue();
        assertThat(elapsedMs).isBetween(190L, 1_000L);
    }

    @Test
    void fallbackStandsInForAFailedStepAndIsMarkedStale() {
        Step<Object> withFallback = step("forecast", false, List.of(), c -> failAfter(10, StepFailure.Kind.UPSTREAM))
                .withFallback((c, failure) -> new Fallback<>("yesterday's", Duration.ofMinutes(3)));
        AssertSubscriber<StepEvent> events = run(Plan.of(withFallback), Duration.ofSeconds(1));
        events.awaitCompletion(Duration.ofSeconds(2));
        StepEvent event = events.getItems().get(0);
        assertThat(event.outcome()).isEqualTo(Outcome.FALLBACK);
        assertThat(event.value()).isEqualTo("yesterday's");
        assertThat(event.stale()).isTrue();
        assertThat(event.ageMs()).isEqualTo(180_000L);
        assertThat(event.error()).isEqualTo("upstream");
    }

    @Test
    void cancellingTheSubscriptionCancelsEveryRunningStep() {
        AtomicBoolean first = new AtomicBoolean();
        AtomicBoolean second = new AtomicBoolean();
        AssertSubscriber<StepEvent> events = run(Plan.of(
                step("a", true, List.of(), c -> Uni.createFrom().nothing().onCancellation().invoke(() -> first.set(true))),
                step("b", false, List.of(), c -> Uni.createFrom().nothing().onCancellation().invoke(() -> second.set(true)))),
                Duration.ofSeconds(10));
        events.cancel();
        assertThat(first).isTrue();
        assertThat(second).isTrue();
        assertThat(events.getItems()).isEmpty();
    }

    @Test
    void unexpectedExceptionsBecomeFailedSteps() {
        AssertSubscriber<StepEvent> events = run(Plan.of(
                step("broken", false, List.of(), c -> {
                    throw new IllegalStateException("bug");
                })), Duration.ofSeconds(1));
        events.awaitCompletion(Duration.ofSeconds(2));
        assertThat(events.getItems().get(0).outcome()).isEqualTo(Outcome.FAILED);
        assertThat(events.getItems().get(0).error()).contains("bug");
    }

    @Test
    void planRejectsStepsThatNeedLaterOrUnknownSteps() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Plan.of(
                step("b", false, List.of("a"), c -> Uni.createFrom().item("b")),
                step("a", false, List.of(), c -> Uni.createFrom().item("a"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs a");
    }

    @Test
    void backgroundStepIsCancelledWithoutAnEventOnceTheOthersAreDone() {
        AtomicBoolean cancelled = new AtomicBoolean();
        List<ExecutionEvent> events = new CopyOnWriteArrayList<>();
        AssertSubscriber<ExecutionEvent> subscriber = engine.execute(Plan.of(
                step("main", true, List.of(), c -> after(200, "done")),
                Step.background("refresh", List.of(), c -> {
                    c.publish("fresh");
                    return Uni.createFrom().nothing().onCancellation().invoke(() -> cancelled.set(true));
                })), Duration.ofSeconds(5))
                .invoke(events::add)
                .subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
        subscriber.awaitCompletion(Duration.ofSeconds(2));
        assertThat(events).hasSize(2);
        assertThat(events.get(0)).isEqualTo(new StepUpdate("refresh", "fresh"));
        assertThat(((StepEvent) events.get(1)).step()).isEqualTo("main");
        assertThat(cancelled).as("the background step's work was cancelled").isTrue();
    }

    @Test
    void failingBackgroundStepDoesNotFailTheExecution() {
        AssertSubscriber<StepEvent> events = run(Plan.of(
                step("main", true, List.of(), c -> after(200, "done")),
                Step.background("refresh", List.of(), c -> failAfter(20, StepFailure.Kind.UPSTREAM))), Duration.ofSeconds(5));
        events.awaitCompletion(Duration.ofSeconds(2));
        assertThat(events.getItems()).extracting(StepEvent::step).containsExactly("refresh", "main");
        assertThat(events.getItems()).extracting(StepEvent::outcome).containsExactly(Outcome.FAILED, Outcome.OK);
        assertThat(events.getItems().get(1).failsExecution()).isFalse();
    }
}
