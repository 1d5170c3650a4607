package io.departure.gateway.callback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.departure.gateway.execution.ExecutionQuery;
import io.departure.gateway.execution.ExecutionStatus;
import io.departure.gateway.execution.ExecutionStatus.Callback;
import io.departure.gateway.execution.Status;
import io.smallrye.mutiny.Uni;

/**
 * One delivery against a store that fails at the worst moment: the receiver has accepted the
 * callback, and the store cannot record it. The delivery records it later and never sends it again.
 */
class DeliveryTest {

    final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        timers.shutdownNow();
    }

    /** A store holding one ended execution whose callback is owed, that fails the first {@code failures} records. */
    final class Store implements Delivery.Context {
        final AtomicReference<Callback> stored = new AtomicReference<>(Callback.to("https://hooks.example.com/d").owed());
        final AtomicInteger sends = new AtomicInteger();
        final AtomicInteger failures;
        final List<ExecutionStatus.Delivery> outcomes = new CopyOnWriteArrayList<>();

        Store(int failures) {
            this.failures = new AtomicInteger(failures);
        }

        @Override
        public Uni<ExecutionStatus> status(String id) {
            return Uni.createFrom().item(new ExecutionStatus(id, Status.SUCCEEDED, new ExecutionQuery("AR1973", "2026-11-27", null, false),
                    Instant.now(), Instant.now(), null, List.of(), 0, null, stored.get()));
        }

        @Override
        public Uni<Void> send(ExecutionStatus status) {
            sends.incrementAndGet();
            return Uni.createFrom().voidItem();
        }

        @Override
        public Uni<Boolean> record(ExecutionStatus status, Callback delivery) {
            if (failures.getAndDecrement() > 0) {
                return Uni.createFrom().failure(new IllegalStateException("the store cannot be reached"));
            }
            stored.set(delivery);
            return Uni.createFrom().item(true);
        }

        @Override
        public Instant now() {
            return Instant.now();
        }

        @Override
        public Duration backoff(int tries) {
            return Duration.ofMillis(20);
        }

        @Override
        public Duration retryFor() {
            return Duration.ofHours(1);
        }

        @Override
        public long timer(Duration wait, Runnable then) {
            timers.schedule(then, wait.toMillis(), TimeUnit.MILLISECONDS);
            return 1;
        }

        @Override
        public void cancelTimer(long timer) {
        }

        @Override
        public void over(Delivery delivery, ExecutionStatus.Delivery outcome, ExecutionStatus status) {
            outcomes.add(outcome);
        }
    }

    @Test
    void aDeliveryTheStoreCouldNotRecordIsRecordedLaterAndNotSentAgain() {
        Store store = new Store(3);
        new Delivery("e1", store).start();
        await().atMost(Duration.ofSeconds(5)).until(() -> !store.outcomes.isEmpty());
        assertThat(store.outcomes).containsExactly(ExecutionStatus.Delivery.DELIVERED);
        assertThat(store.sends).as("sent once, however often its record failed").hasValue(1);
        assertThat(store.stored.get().state()).isEqualTo(ExecutionStatus.Delivery.DELIVERED);
        assertThat(store.stored.get().attempts()).isEqualTo(1);
    }

    @Test
    void aDeliveryNoLongerOwedIsNotSent() {
        Store store = new Store(0);
        store.stored.set(Callback.to("https://hooks.example.com/d").owed().tried(ExecutionStatus.Delivery.DELIVERED, Instant.now(), null));
        new Delivery("e1", store).start();
        await().atMost(Duration.ofSeconds(5)).until(() -> !store.outcomes.isEmpty());
        assertThat(store.sends).hasValue(0);
    }
}
