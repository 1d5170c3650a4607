package io.departure.gateway.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.departure.gateway.engine.Deadline;
import io.departure.gateway.engine.StepFailure;
import io.smallrye.mutiny.Uni;

/** Each attempt is counted and given its timeout, or less when the deadline is nearer; none past the deadline. */
class AttemptBudgetTest {

    private final AtomicInteger attempts = new AtomicInteger();
    private final List<Duration> budgets = new CopyOnWriteArrayList<>();

    private Object attempt(Duration timeout, Duration deadline) {
        Call call = new Call(Deadline.in(deadline), timeout, true, attempts::incrementAndGet, "not found", false, null);
        return GuardSettings.outcome(new AttemptBudget(new Exchange("backend")).apply(new Invocation<>(call, timeout, budget -> {
            budgets.add(budget);
            return Uni.createFrom().item("answer");
        })));
    }

    @Test
    void anAttemptWellBeforeTheDeadlineHasItsWholeTimeout() {
        assertThat(attempt(Duration.ofSeconds(1), Duration.ofSeconds(30))).isEqualTo("answer");
        assertThat(budgets).containsExactly(Duration.ofSeconds(1));
        assertThat(attempts).hasValue(1);
    }

    @Test
    void anAttemptNearTheDeadlineHasOnlyTheTimeLeft() {
        assertThat(attempt(Duration.ofSeconds(30), Duration.ofSeconds(2))).isEqualTo("answer");
        assertThat(budgets).singleElement().satisfies(budget -> assertThat(budget).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(2)));
    }

    @Test
    void anAttemptPastTheDeadlineTimesOutWithoutReachingTheBackend() {
        assertThat(attempt(Duration.ofSeconds(1), Duration.ZERO)).isInstanceOfSatisfying(StepFailure.class, failure -> {
            assertThat(failure.kind()).isEqualTo(StepFailure.Kind.TIMEOUT);
            assertThat(failure).hasMessage("deadline exceeded");
        });
        assertThat(budgets).isEmpty();
        assertThat(attempts).as("counted all the same").hasValue(1);
    }
}
