package io.departure.gateway.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.departure.gateway.engine.StepFailure;
import io.smallrye.mutiny.Uni;

/** The exchange is given its attempt's budget, and what it throws reaches the other pieces as a step failure. */
class ExchangeTest {

    private static Object exchange(Duration budget, Throwable thrown, AtomicReference<Duration> given) {
        Call call = new Call(GuardSettings.call(budget, null).deadline(), budget, true, () -> {
        }, "no such flight", false, null);
        return GuardSettings.outcome(new Exchange("flight").apply(new Invocation<>(call, budget, time -> {
            given.set(time);
            return Uni.createFrom().failure(thrown);
        })));
    }

    @Test
    void aNotFoundReadsInTheCallsOwnWords() {
        AtomicReference<Duration> given = new AtomicReference<>();
        assertThat(exchange(Duration.ofMillis(700), new Client.UnexpectedStatus(404), given)).isInstanceOfSatisfying(StepFailure.class,
                failure -> {
                    assertThat(failure.kind()).isEqualTo(StepFailure.Kind.NOT_FOUND);
                    assertThat(failure).hasMessage("no such flight");
                });
        assertThat(given).as("the budget it was given").hasValue(Duration.ofMillis(700));
    }

    @Test
    void aBrokenConnectionIsTheBackendsFailure() {
        assertThat(exchange(Duration.ofSeconds(1), new IOException("reset"), new AtomicReference<>()))
                .isInstanceOfSatisfying(StepFailure.class, failure -> {
                    assertThat(failure.kind()).isEqualTo(StepFailure.Kind.UPSTREAM);
                    assertThat(failure).hasMessage("flight connection failed: reset");
                });
    }
}
