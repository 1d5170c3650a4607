package io.departure.gateway.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.departure.gateway.engine.StepFailure;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import io.vertx.core.Vertx;

/** One backend's guard on its own, with attempts that stand for the HTTP exchange: its concurrency limit without a queue. */
@QuarkusTest
class GuardTest {

    @Inject
    Vertx vertx;

    @Test
    void withoutAQueueACallBeyondTheLimitIsRefusedAtOnce() {
        Guard guard = guard(Map.of("bulkhead.max-concurrent", "1", "bulkhead.queue", "0"));
        Call call = call(Duration.ofSeconds(30), null).once();
        AtomicBoolean started = new AtomicBoolean();
        UniAssertSubscriber<Object> within = guard.call(call, budget -> {
            started.set(true);
            return Uni.createFrom().nothing();
        }).subscribe().withSubscriber(UniAssertSubscriber.create());
        await().atMost(Duration.ofSeconds(2)).untilTrue(started);

        UniAssertSubscriber<Object> beyond = guard.call(call, budget -> Uni.createFrom().<Object>item("answer"))
                .subscribe().withSubscriber(UniAssertSubscriber.create());
        Throwable refused = beyond.awaitFailure(Duration.ofSeconds(1)).getFailure();
        assertThat(refused).isInstanceOfSatisfying(StepFailure.class,
                failure -> assertThat(failure.kind()).isEqualTo(StepFailure.Kind.REJECTED));

        within.cancel();
        assertThat(guard.call(call, budget -> Uni.createFrom().<Object>item("answer")).await().atMost(Duration.ofSeconds(2)))
                .as("a call once the slot is free").isEqualTo("answer");
    }

    private static Call call(Duration timeout, String key) {
        return GuardSettings.call(timeout, key);
    }

    private Guard guard(Map<String, String> settings) {
        String name = GuardSettings.name();
        return new Guard(name, GuardSettings.config(name, settings), 0, vertx, new SimpleMeterRegistry(), () -> false);
    }
}
