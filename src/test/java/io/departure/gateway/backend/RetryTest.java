package io.departure.gateway.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import io.departure.gateway.engine.Backoff;
import io.departure.gateway.engine.Deadline;
import io.departure.gateway.engine.StepFailure;
import io.smallrye.mutiny.Uni;

/** Retries: an idempotent call again after a retryable failure, never after a refusal, never past the deadline. */
class RetryTest {

    private final AtomicInteger attempts = new AtomicInteger();
    private final Strategy retry = new Retry(new Backoff(Duration.ofMillis(10), Duration.ofMillis(20), 0), 2,
            new AttemptBudget(new Exchange("backend")));

    private Call call(Duration deadline) {
        return new Call(Deadline.in(deadline), Duration.ofSeconds(1), true, attempts::incrementAndGet, "not found", false, null);
    }

    private <T> Object outcome(Call call, Function<Integer, Uni<T>> answers) {
        AtomicInteger made = new AtomicInteger();
        return GuardSettings.outcome(retry.apply(new Invocation<>(call, call.timeout(), budget -> answers.apply(made.incrementAndGet()))));
    }

    private static Uni<String> failing(int status) {
        return Uni.createFrom().failure(new Client.UnexpectedStatus(status));
    }

    @Test
    void anIdempotentCallIsTriedAgainAfterAFailureOfTheBackend() {
        assertThat(outcome(call(Duration.ofSeconds(5)), attempt -> attempt == 1 ? failing(503) : Uni.createFrom().item("answer")))
                .isEqualTo("answer");
        assertThat(attempts).hasValue(2);
    }

    @Test
    void retriesEndAfterTheMostAllowedWithTheLastFailure() {
        assertThat(outcome(call(Duration.ofSeconds(5)), attempt -> failing(500 + attempt)))
                .isInstanceOfSatisfying(StepFailure.class, failure -> assertThat(failure).hasMessageContaining("HTTP 503"));
        assertThat(attempts).as("the attempt and two retries").hasValue(3);
    }

    @Test
    void aRefusalIsNotRetried() {
        assertThat(outcome(call(Duration.ofSeconds(5)), attempt -> failing(400)))
                .isInstanceOfSatisfying(StepFailure.class, failure -> assertThat(failure.kind()).isEqualTo(StepFailure.Kind.REFUSED));
        assertThat(attempts).hasValue(1);
    }

    @Test
    void aCallThatMayNotBeRepeatedIsTriedOnce() {
        assertThat(outcome(call(Duration.ofSeconds(5)).once(), attempt -> failing(503)))
                .isInstanceOfSatisfying(StepFailure.class, failure -> assertThat(failure.kind()).isEqualTo(StepFailure.Kind.UPSTREAM));
        assertThat(attempts).hasValue(1);
    }

    @Test
    void noRetryWhoseWaitWouldEndPastTheDeadline() {
        assertThat(outcome(call(Duration.ofMillis(5)), attempt -> failing(503))).isInstanceOf(StepFailure.class);
        assertThat(attempts).hasValue(1);
    }
}
