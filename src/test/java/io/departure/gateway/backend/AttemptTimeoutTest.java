package io.departure.gateway.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import io.departure.gateway.engine.StepFailure;
import io.smallrye.mutiny.Uni;

/** An attempt that does not answer within its budget is cancelled and fails as a timeout; one that answers in time is untouched. */
class AttemptTimeoutTest {

    private final Strategy timeout = new AttemptTimeout("forecast", new Exchange("forecast"));

    private <T> Object attempt(Duration budget, Uni<T> answer) {
        Call call = GuardSettings.call(budget, null);
        return GuardSettings.outcome(timeout.apply(new Invocation<>(call, budget, time -> answer)));
    }

    @Test
    void anAttemptWithoutAnAnswerInItsBudgetIsCancelledAndTimesOut() {
        AtomicBoolean cancelled = new AtomicBoolean();
        Object outcome = attempt(Duration.ofMillis(50), Uni.createFrom().nothing().onCancellation().invoke(() -> cancelled.set(true)));
        assertThat(outcome).isInstanceOfSatisfying(StepFailure.class, failure -> {
            assertThat(failure.kind()).isEqualTo(StepFailure.Kind.TIMEOUT);
            assertThat(failure).hasMessage("forecast did not answer within 50 ms");
        });
        assertThat(cancelled).as("the attempt, so that its request is reset").isTrue();
    }

    @Test
    void anAnswerInTimeIsTheAnswer() {
        assertThat(attempt(Duration.ofSeconds(1), Uni.createFrom().item("answer"))).isEqualTo("answer");
    }
}
