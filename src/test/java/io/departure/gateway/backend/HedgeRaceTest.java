package io.departure.gateway.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.departure.gateway.engine.Deadline;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * The hedging piece on its own (hedge after 50 ms, at most three attempts): a slow attempt is
 * raced by another, the first answer wins and the others are cancelled, within the hedge budget.
 */
class HedgeRaceTest {

    private final Vertx vertx = Vertx.vertx();
    private final Counter hedged = new SimpleMeterRegistry().counter("hedged");
    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicInteger hedges = new AtomicInteger();
    private final List<Integer> cancelled = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        vertx.close();
    }

    private Strategy hedging(double share) {
        HedgeBudget budget = new HedgeBudget(share);
        return budget.earnedBy(new Hedging(Duration.ofMillis(50), 3, budget, hedged, vertx, new Exchange("forecast")));
    }

    private Call call(boolean idempotent) {
        Call call = new Call(Deadline.in(Duration.ofSeconds(30)), Duration.ofSeconds(5), true, new Call.Observer() {
            @Override
            public void attempt() {
                attempts.incrementAndGet();
            }

            @Override
            public void hedged() {
                hedges.incrementAndGet();
            }
        }, "not found", false, null);
        return idempotent ? call : call.once();
    }

    /** Attempt n (from 1) answers as {@code answers} says; a cancelled one is noted. */
    private Object outcome(Strategy hedging, Call call, Function<Integer, Uni<String>> answers) {
        AtomicInteger made = new AtomicInteger();
        return GuardSettings.outcome(hedging.apply(new Invocation<>(call, call.timeout(), budget -> {
            int attempt = made.incrementAndGet();
            return answers.apply(attempt).onCancellation().invoke(() -> cancelled.add(attempt));
        })));
    }

    private static Uni<String> never() {
        return Uni.createFrom().nothing();
    }

    @Test
    void aSlowAttemptIsRacedByAnotherAndTheLoserIsCancelled() {
        assertThat(outcome(hedging(1), call(true), attempt -> attempt == 1 ? never() : Uni.createFrom().item("hedge"))).isEqualTo("hedge");
        assertThat(cancelled).containsExactly(1);
        assertThat(hedges).hasValue(1);
        assertThat(hedged.count()).isEqualTo(1);
        assertThat(attempts).as("the hedge, told as an attempt").hasValue(1);
    }

    @Test
    void aHedgeThatIsSlowTooIsRacedAgainUpToTheMostAttempts() {
        Strategy hedging = hedging(1);
        outcome(hedging, call(true), attempt -> Uni.createFrom().item("earns a hedge"));
        assertThat(outcome(hedging, call(true), attempt -> attempt < 3 ? never() : Uni.createFrom().item("third"))).isEqualTo("third");
        assertThat(cancelled).containsExactlyInAnyOrder(1, 2);
    }

    @Test
    void aFailureEndsTheRaceOnlyWhenNoAttemptIsLeft() {
        CompletableFuture<Void> hedgeStarted = new CompletableFuture<>();
        Object outcome = outcome(hedging(1), call(true), attempt -> {
            if (attempt == 1) {
                return Uni.createFrom().completionStage(hedgeStarted)
                        .onItem().transformToUni(started -> Uni.createFrom().<String>failure(new Client.UnexpectedStatus(503)));
            }
            hedgeStarted.complete(null);
            return Uni.createFrom().item("hedge").onItem().delayIt().by(Duration.ofMillis(50));
        });
        assertThat(outcome).as("the hedge's answer, after the first attempt failed").isEqualTo("hedge");
    }

    @Test
    void noHedgeBeyondTheBudget() {
        assertThat(outcome(hedging(0.1), call(true), attempt -> Uni.createFrom().item("slow").onItem().delayIt().by(Duration.ofMillis(150))))
                .isEqualTo("slow");
        assertThat(hedges).hasValue(0);
    }

    @Test
    void aCallThatMayNotBeRepeatedIsNeverHedged() {
        assertThat(outcome(hedging(1), call(false), attempt -> Uni.createFrom().item("slow").onItem().delayIt().by(Duration.ofMillis(150))))
                .isEqualTo("slow");
        assertThat(hedges).hasValue(0);
    }
}
