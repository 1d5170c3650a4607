package io.departure.gateway.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;

/**
 * Continuing a plan of which some outcomes are known, as a replica does when it takes over an
 * execution another one began: known steps are neither called nor published again.
 */
class KnownOutcomesTest {

    private final List<String> compensated = new CopyOnWriteArrayList<>();
    private final ExecutionEngine engine = new ExecutionEngine(new EngineObserver() {
        @Override
        public void compensated(String step, int attempts, Throwable failure) {
            compensated.add(step);
        }
    }, new Backoff(Duration.ofMillis(10), Duration.ofMillis(50), 0), Duration.ofSeconds(2));

    private static StepEvent known(Step<?> step, Object value) {
        return StepEvent.success(step, 1, 12, value);
    }

    private AssertSubscriber<StepEvent> run(Plan plan, Map<String, StepEvent> known) {
        return ExecutionEngine.outcomes(engine.execute(plan, Duration.ofSeconds(5), known))
                .subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
    }

    @Test
    void knownStepIsNotCalledAndItsValueFeedsTheStepsThatNeedIt() {
        AtomicInteger flightCalls = new AtomicInteger();
        Step<Object> flight = Step.of("flight", true, List.of(), c -> {
            flightCalls.incrementAndGet();
            return Uni.createFrom().item("AEP");
        });
        Step<Object> forecast = Step.of("forecast", false, List.of("flight"),
                c -> Uni.createFrom().item("sunny at " + c.input("flight", String.class)));

        AssertSubscriber<StepEvent> events = run(new Plan(List.of(flight, forecast)), Map.of("flight", known(flight, "EZE")));

        events.awaitCompletion(Duration.ofSeconds(3));
        assertThat(flightCalls).hasValue(0);
        assertThat(events.getItems()).as("only the step that ran is published").extracting(StepEvent::step).containsExactly("forecast");
        assertThat(events.getItems().get(0).value()).isEqualTo("sunny at EZE");
    }

    @Test
    void everyStepKnownCompletesWithoutCallingAnything() {
        AtomicInteger calls = new AtomicInteger();
        Step<Object> a = Step.of("a", true, List.of(), c -> Uni.createFrom().item(calls.incrementAndGet()));
        Step<Object> b = Step.of("b", false, List.of(), c -> Uni.createFrom().item(calls.incrementAndGet()));
        Map<String, StepEvent> known = new LinkedHashMap<>();
        known.put("b", known(b, "x"));
        known.put("a", known(a, "y"));

        AssertSubscriber<StepEvent> events = run(new Plan(List.of(a, b)), known);

        events.awaitCompletion(Duration.ofSeconds(3));
        assertThat(events.getItems()).isEmpty();
        assertThat(calls).hasValue(0);
    }

    @Test
    void knownFailureOfARequiredStepEndsTheExecutionAndSkipsTheRest() {
        AtomicInteger calls = new AtomicInteger();
        Step<Object> flight = Step.of("flight", true, List.of(), c -> Uni.createFrom().item(calls.incrementAndGet()));
        Step<Object> forecast = Step.of("forecast", false, List.of("flight"), c -> Uni.createFrom().item(calls.incrementAndGet()));
        StepEvent failed = StepEvent.failure(flight, 3, 900, new StepFailure(StepFailure.Kind.TIMEOUT, "deadline exceeded"));

        AssertSubscriber<StepEvent> events = run(new Plan(List.of(flight, forecast)), Map.of("flight", failed));

        events.awaitCompletion(Duration.ofSeconds(3));
        assertThat(calls).hasValue(0);
        assertThat(events.getItems()).extracting(StepEvent::step, StepEvent::outcome)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("forecast", Outcome.SKIPPED));
    }

    @Test
    void knownStepsCompensationIsOwedWhenTheContinuedExecutionFails() {
        Step<Object> booking = Step.<Object>of("booking", false, List.of(), c -> Uni.createFrom().item("b-1"))
                .withCompensation(value -> {
                    compensated.add("undo " + value);
                    return Uni.createFrom().voidItem();
                });
        Step<Object> flight = Step.of("flight", true, List.of(),
                c -> Uni.createFrom().failure(new StepFailure(StepFailure.Kind.UPSTREAM, "502")));

        AssertSubscriber<StepEvent> events = run(new Plan(List.of(booking, flight)), Map.of("booking", known(booking, "b-1")));

        events.awaitCompletion(Duration.ofSeconds(3));
        assertThat(events.getItems()).extracting(StepEvent::step).containsExactly("flight");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(3)).until(() -> compensated.contains("undo b-1"));
    }

    @Test
    void outcomeOfAStepNotInThePlanIsRefused() {
        Step<Object> a = Step.of("a", true, List.of(), c -> Uni.createFrom().item(1));
        Step<Object> stranger = Step.of("stranger", true, List.of(), c -> Uni.createFrom().item(1));
        assertThatThrownBy(() -> engine.execute(Plan.of(a), Duration.ofSeconds(1), Map.of("stranger", known(stranger, 1))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
