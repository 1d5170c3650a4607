package io.departure.gateway.backend;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import jakarta.enterprise.util.TypeLiteral;

import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import io.departure.gateway.engine.StepFailure;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Each attempt through SmallRye Fault Tolerance's circuit breaker and concurrency limit
 * (bulkhead), which answer as step failures. A timeout while the gateway itself runs late does
 * not count against the breaker; a release goes around both, since refusing it would leave a
 * lease held. Cancelling an attempt reaches the call and frees its slot; its answer comes back on
 * its caller's context even when a slot freed by another call's end started it.
 */
final class FaultToleranceBridge implements Strategy {

    private static final TypeLiteral<Uni<Object>> UNI = new TypeLiteral<>() {
    };

    private final String backend;
    private final Duration openFor;
    private final TypedGuard<Uni<Object>> guard;
    /**
     * The concurrency limit when no call may wait ({@code bulkhead.queue=0}), which Fault
     * Tolerance's bulkhead does not allow for a Uni: its slots, each held until the attempt ends.
     */
    private final Semaphore unqueued;
    private final Strategy next;

    FaultToleranceBridge(String backend, BackendConfig config, BooleanSupplier gatewayLate, Strategy next) {
        this.backend = backend;
        this.next = next;
        BackendConfig.CircuitBreaker breaker = config.circuitBreaker();
        BackendConfig.Bulkhead bulkhead = config.bulkhead();
        this.openFor = breaker.delay();
        TypedGuard.Builder<Uni<Object>> builder = TypedGuard.create(UNI)
                .withDescription(backend)
                .withThreadOffload(false)
                .withCircuitBreaker()
                .name(backend)
                .requestVolumeThreshold(breaker.requestVolumeThreshold())
                .failureRatio(breaker.failureRatio())
                .delay(breaker.delay().toMillis(), ChronoUnit.MILLIS)
                .successThreshold(breaker.successThreshold())
                // A timeout while the gateway's own event loops are queued up is the gateway's lateness, not the backend's.
                .when(failure -> failure instanceof StepFailure f && f.countsAgainstCircuit()
                        && !(f.kind() == StepFailure.Kind.TIMEOUT && gatewayLate.getAsBoolean()))
                .done();
        if (bulkhead.queue() > 0) {
            builder = builder.withBulkhead().limit(bulkhead.maxConcurrent()).queueSize(bulkhead.queue()).done();
        }
        this.guard = builder.build();
        this.unqueued = bulkhead.queue() > 0 ? null : new Semaphore(bulkhead.maxConcurrent());
    }

    @Override
    public <T> Uni<T> apply(Invocation<T> invocation) {
        Uni<T> attempt = next.apply(invocation);
        return invocation.call().release() ? attempt : guarded(attempt);
    }

    /**
     * Fault Tolerance turns the Uni into a CompletionStage and does not pass cancellation on, so
     * cancelling the returned Uni cancels the attempt here and fails it inside the guard, which
     * releases its slot.
     */
    @SuppressWarnings("unchecked")
    private <T> Uni<T> guarded(Uni<T> attempt) {
        return Uni.createFrom().deferred(() -> {
            AtomicBoolean cancelled = new AtomicBoolean();
            AtomicReference<Runnable> cancelInside = new AtomicReference<>();
            Uni<Object> inside = Uni.createFrom().emitter(emitter -> {
                if (cancelled.get()) {
                    emitter.fail(cancellation());
                    return;
                }
                Cancellable running = attempt.subscribe().with(emitter::complete, emitter::fail);
                cancelInside.set(() -> {
                    running.cancel();
                    emitter.fail(cancellation());
                });
                if (cancelled.get()) {
                    cancelInside.get().run();
                }
            });
            Uni<T> answer = ((Uni<T>) guard.get(() -> admitted(inside)))
                    .onFailure(CircuitBreakerOpenException.class).transform(f -> new StepFailure(
                            StepFailure.Kind.CIRCUIT_OPEN, backend + " circuit is open", openFor, f))
                    .onFailure(BulkheadException.class).transform(f -> new StepFailure(
                            StepFailure.Kind.REJECTED, backend + " concurrency limit is full", Duration.ofSeconds(1), f));
            // A queued attempt answers on the thread of the call whose end freed its slot, often another event loop.
            Context caller = Vertx.currentContext();
            return (caller == null ? answer : answer.emitOn(new CallerContext(caller)))
                    .onCancellation().invoke(() -> {
                        cancelled.set(true);
                        Runnable cancel = cancelInside.get();
                        if (cancel != null) {
                            cancel.run();
                        }
                    });
        });
    }

    /** The attempt, or with {@code bulkhead.queue=0} and every slot taken its rejection at once, as the bulkhead would. */
    private Uni<Object> admitted(Uni<Object> attempt) {
        if (unqueued == null) {
            return attempt;
        }
        if (!unqueued.tryAcquire()) {
            return Uni.createFrom().failure(new BulkheadException(backend + " has no free slot and no queue"));
        }
        return attempt.onTermination().invoke(unqueued::release);
    }

    private static StepFailure cancellation() {
        return new StepFailure(StepFailure.Kind.CANCELLED, "cancelled");
    }
}
