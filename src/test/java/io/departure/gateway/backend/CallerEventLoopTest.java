package io.departure.gateway.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.departure.gateway.engine.StepFailure;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;

/**
 * Every step of a backend call stays on the event loop of its caller, in the application as it
 * runs (Quarkus's own scheduler behind Mutiny): a retry after its backoff or a timeout, a shared
 * call's caller giving up, a call made after a wait elsewhere (a compensation's retry), a call
 * that waited for a slot of the concurrency limit. Each event loop has its own HTTP client; a
 * step on another thread would use another.
 */
@QuarkusTest
class CallerEventLoopTest {

    @Inject
    Vertx vertx;

    /** Where a step ran: its Vert.x context, whether on an event-loop thread, which thread. */
    record Place(Context context, boolean eventLoop, Thread thread) {
        static Place here() {
            return new Place(Vertx.currentContext(), Context.isOnEventLoopThread(), Thread.currentThread());
        }
    }

    private Guard guard(Map<String, String> settings) {
        String name = GuardSettings.name();
        return new Guard(name, GuardSettings.config(name, settings), 0, vertx, new SimpleMeterRegistry(), () -> false);
    }

    /** A fresh event-loop context, on another event loop than {@code other}'s when there is one. */
    private Context eventLoop(Context other) throws Exception {
        Context context = ((VertxInternal) vertx).createEventLoopContext();
        for (int i = 0; i < 16 && other != null && threadOf(context) == threadOf(other); i++) {
            context = ((VertxInternal) vertx).createEventLoopContext();
        }
        return context;
    }

    private static Thread threadOf(Context context) throws Exception {
        CompletableFuture<Thread> thread = new CompletableFuture<>();
        context.runOnContext(ignored -> thread.complete(Thread.currentThread()));
        return thread.get(5, TimeUnit.SECONDS);
    }

    private <T> Started<T> onEventLoop(Supplier<Uni<T>> call) throws Exception {
        return onEventLoop(eventLoop(null), call);
    }

    /** Starts {@code call} on {@code context}: where it was started, then its answer or failure and where that arrived. */
    private <T> Started<T> onEventLoop(Context context, Supplier<Uni<T>> call) throws Exception {
        CompletableFuture<Place> caller = new CompletableFuture<>();
        CompletableFuture<Object> outcome = new CompletableFuture<>();
        CompletableFuture<Place> delivered = new CompletableFuture<>();
        context.runOnContext(ignored -> {
            Place here = Place.here();
            call.get().subscribe().with(item -> {
                delivered.complete(Place.here());
                outcome.complete(item);
            }, failure -> {
                delivered.complete(Place.here());
                outcome.complete(failure);
            });
            // Told once subscribed: the call has started (or is waiting) when this returns.
            caller.complete(here);
        });
        return new Started<>(caller.get(5, TimeUnit.SECONDS), outcome, delivered);
    }

    record Started<T>(Place caller, CompletableFuture<Object> outcome, CompletableFuture<Place> delivered) {
        Object awaitOutcome() throws Exception {
            return outcome.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aRetryAfterItsBackoffRunsOnTheCallersEventLoop() throws Exception {
        Guard guard = guard(Map.of("retry.initial-backoff", "20ms"));
        List<Place> attempts = new CopyOnWriteArrayList<>();
        AtomicInteger made = new AtomicInteger();
        Started<Object> started = onEventLoop(() -> guard.call(GuardSettings.call(Duration.ofSeconds(5), null), budget -> {
            attempts.add(Place.here());
            return made.getAndIncrement() == 0
                    ? Uni.createFrom().failure(new StepFailure(StepFailure.Kind.UPSTREAM, "the first attempt fails"))
                    : Uni.createFrom().item("answer");
        }));

        assertThat(started.awaitOutcome()).isEqualTo("answer");
        assertThat(started.caller().eventLoop()).isTrue();
        assertThat(attempts).as("the attempt and its retry").hasSize(2).allSatisfy(place -> assertThat(place).isEqualTo(started.caller()));
        assertThat(started.delivered().get()).isEqualTo(started.caller());
    }

    @Test
    void aRetryAfterATimeoutRunsOnTheCallersEventLoop() throws Exception {
        Guard guard = guard(Map.of("retry.initial-backoff", "20ms"));
        List<Place> attempts = new CopyOnWriteArrayList<>();
        AtomicInteger made = new AtomicInteger();
        Started<Object> started = onEventLoop(() -> guard.call(GuardSettings.call(Duration.ofMillis(100), null), budget -> {
            attempts.add(Place.here());
            return made.getAndIncrement() == 0 ? Uni.createFrom().nothing() : Uni.createFrom().item("answer");
        }));

        assertThat(started.awaitOutcome()).isEqualTo("answer");
        assertThat(attempts).as("the attempt that timed out and its retry").hasSize(2)
                .allSatisfy(place -> assertThat(place).isEqualTo(started.caller()));
        assertThat(started.delivered().get()).isEqualTo(started.caller());
    }

    @Test
    void aCallerThatGivesUpOnASharedCallHearsSoOnItsEventLoop() throws Exception {
        Guard guard = guard(Map.of());
        Started<Object> first = onEventLoop(() -> guard.call(GuardSettings.call(Duration.ofSeconds(5), "same").once(),
                budget -> Uni.createFrom().nothing()));
        Started<Object> second = onEventLoop(() -> guard.call(GuardSettings.call(Duration.ofMillis(100), "same").once(),
                budget -> Uni.createFrom().item("not this call's")));

        assertThat(second.awaitOutcome()).isInstanceOfSatisfying(StepFailure.class,
                failure -> assertThat(failure.kind()).isEqualTo(StepFailure.Kind.TIMEOUT));
        assertThat(second.delivered().get()).as("where the second caller's timeout reached it").isEqualTo(second.caller());
        assertThat(first.outcome()).isNotDone();
    }

    @Test
    void aCallStartedByADelayedRetryElsewhereRunsOnTheEventLoopItCameFrom() throws Exception {
        // As a compensation's retry does: a wait on Mutiny's executor, then the call.
        Guard guard = guard(Map.of());
        List<Place> attempts = new CopyOnWriteArrayList<>();
        Started<Object> started = onEventLoop(() -> Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(20))
                .onItem().transformToUni(ignored -> guard.call(GuardSettings.call(Duration.ofSeconds(5), null).once(), budget -> {
                    attempts.add(Place.here());
                    return Uni.createFrom().item("answer");
                })));

        assertThat(started.awaitOutcome()).isEqualTo("answer");
        assertThat(attempts).singleElement().isEqualTo(started.caller());
    }

    @Test
    void aCallThatWaitedForASlotHearsItsAnswerOnItsEventLoop() throws Exception {
        Guard guard = guard(Map.of("bulkhead.max-concurrent", "1", "bulkhead.queue", "1"));
        Context holder = eventLoop(null);
        Context waiter = eventLoop(holder);
        assumeThat(threadOf(waiter)).as("two event loops").isNotSameAs(threadOf(holder));
        CompletableFuture<UniEmitter<Object>> slot = new CompletableFuture<>();
        Started<Object> first = onEventLoop(holder, () -> guard.call(GuardSettings.call(Duration.ofSeconds(5), null).once(),
                budget -> Uni.createFrom().<Object>emitter(emitter -> slot.complete((UniEmitter<Object>) emitter))));
        UniEmitter<Object> held = slot.get(5, TimeUnit.SECONDS);
        List<Place> attempts = new CopyOnWriteArrayList<>();
        Started<Object> second = onEventLoop(waiter, () -> guard.call(GuardSettings.call(Duration.ofSeconds(5), null).once(), budget -> {
            attempts.add(Place.here());
            return Uni.createFrom().item("second");
        }));

        holder.runOnContext(ignored -> held.complete("first"));
        assertThat(first.awaitOutcome()).isEqualTo("first");
        assertThat(second.awaitOutcome()).as("the call that waited for the slot").isEqualTo("second");
        assertThat(attempts).as("where it started").singleElement().isEqualTo(second.caller());
        assertThat(second.delivered().get()).as("where its answer reached it").isEqualTo(second.caller());
    }
}
