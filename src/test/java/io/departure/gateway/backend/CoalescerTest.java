package io.departure.gateway.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.departure.gateway.engine.StepFailure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import io.smallrye.mutiny.subscription.UniEmitter;

/** The coalescing piece on its own: identical calls in flight share one attempt, each caller keeps its own time. */
class CoalescerTest {

    private final Counter shared = new SimpleMeterRegistry().counter("shared");
    private final Strategy coalescing = new Coalescing("forecast", shared, new Exchange("forecast"));
    private final List<UniEmitter<? super String>> attempts = new CopyOnWriteArrayList<>();
    private final AtomicBoolean cancelled = new AtomicBoolean();

    private UniAssertSubscriber<String> call(String key, Duration budget) {
        Call call = GuardSettings.call(budget, key);
        return coalescing.apply(new Invocation<String>(call, budget, time -> Uni.createFrom().<String>emitter(attempts::add)
                .onCancellation().invoke(() -> cancelled.set(true))))
                .subscribe().withSubscriber(UniAssertSubscriber.create());
    }

    @Test
    void identicalCallsInFlightShareOneAttempt() {
        UniAssertSubscriber<String> first = call("GET /forecast?at=EZE", Duration.ofSeconds(5));
        UniAssertSubscriber<String> second = call("GET /forecast?at=EZE", Duration.ofSeconds(5));
        assertThat(attempts).hasSize(1);
        assertThat(shared.count()).isEqualTo(1);

        attempts.get(0).complete("answer");
        first.assertItem("answer");
        second.assertItem("answer");
        call("GET /forecast?at=EZE", Duration.ofSeconds(5));
        assertThat(attempts).as("a call after the answer makes its own").hasSize(2);
    }

    @Test
    void callsWithoutAKeyAreNeverShared() {
        call(null, Duration.ofSeconds(5));
        call(null, Duration.ofSeconds(5));
        assertThat(attempts).hasSize(2);
        assertThat(shared.count()).isZero();
    }

    @Test
    void aCallerThatRunsOutOfTimeLeavesAloneAndTheOthersStillGetTheAnswer() {
        UniAssertSubscriber<String> patient = call("GET /forecast?at=AEP", Duration.ofSeconds(5));
        UniAssertSubscriber<String> hurried = call("GET /forecast?at=AEP", Duration.ofMillis(50));
        Throwable failure = hurried.awaitFailure(Duration.ofSeconds(5)).getFailure();
        assertThat(failure).isInstanceOfSatisfying(StepFailure.class,
                timeout -> assertThat(timeout).hasMessage("forecast did not answer within 50 ms"));
        assertThat(cancelled).as("the shared attempt").isFalse();

        attempts.get(0).complete("answer");
        patient.assertItem("answer");
    }

    @Test
    void theSharedAttemptIsCancelledWhenEveryCallerHasGone() {
        UniAssertSubscriber<String> first = call("GET /forecast?at=COR", Duration.ofSeconds(5));
        UniAssertSubscriber<String> second = call("GET /forecast?at=COR", Duration.ofSeconds(5));
        first.cancel();
        assertThat(cancelled).as("while one caller is left").isFalse();
        second.cancel();
        assertThat(cancelled).isTrue();
    }

    @Test
    void aFailureGoesToTheCallersWaitingForIt() {
        AtomicInteger failed = new AtomicInteger();
        call("GET /forecast?at=MDZ", Duration.ofSeconds(5)).assertNotTerminated();
        coalescing.apply(new Invocation<String>(GuardSettings.call(Duration.ofSeconds(5), "GET /forecast?at=MDZ"), Duration.ofSeconds(5),
                time -> Uni.createFrom().item("not called"))).subscribe().with(item -> {
                }, error -> failed.incrementAndGet());
        attempts.get(0).fail(new Client.UnexpectedStatus(502));
        assertThat(failed).hasValue(1);
    }
}
