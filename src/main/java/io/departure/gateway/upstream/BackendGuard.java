package io.departure.gateway.upstream;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import jakarta.enterprise.util.TypeLiteral;

import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import io.departure.gateway.engine.Backoff;
import io.departure.gateway.engine.StepFailure;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * The guard of one backend: per-attempt timeout and retries with jittered exponential backoff
 * (on Mutiny, so that cancellation reaches the HTTP call), around a circuit breaker and a
 * concurrency limit (SmallRye Fault Tolerance), the same for every call to the backend. Every attempt is bounded by the execution's
 * remaining budget, which the attempt is told so it can pass it to the backend.
 */
final class BackendGuard {

    private static final TypeLiteral<Uni<Object>> UNI = new TypeLiteral<>() {
    };

    private final String name;
    private final BackendConfig config;
    private final TypedGuard<Uni<Object>> guard;
    private final Backoff backoff;

    BackendGuard(String name, BackendConfig config, double jitter) {
        this.name = name;
        this.config = config;
        this.backoff = new Backoff(config.retry().initialBackoff(), config.retry().maxBackoff(), jitter);
        BackendConfig.CircuitBreaker breaker = config.circuitBreaker();
        this.guard = TypedGuard.create(UNI)
                .withDescription(name)
                .withThreadOffload(false)
                .withCircuitBreaker()
                .name(name)
                .requestVolumeThreshold(breaker.requestVolumeThreshold())
                .failureRatio(breaker.failureRatio())
                .delay(breaker.delay().toMillis(), ChronoUnit.MILLIS)
                .successThreshold(breaker.successThreshold())
                .when(failure -> failure instanceof StepFailure f && f.countsAgainstCircuit())
                .done()
                .withBulkhead()
                .limit(config.bulkhead().maxConcurrent())
                .queueSize(Math.max(1, config.bulkhead().queue()))
                .done()
                .build();
    }

    /** The circuit breaker's name, as {@code CircuitBreakerMaintenance} knows it. */
    public String name() {
        return name;
    }

    /**
     * Calls the backend as {@code call} describes, retrying an idempotent call after a
     * retryable failure (never on 4xx, never past the deadline). Each attempt gets the smaller
     * of the attempt timeout and the remaining budget; when that passes, the attempt is
     * cancelled (its HTTP request reset) and counts as a timeout.
     *
     * @param attempt makes one call, given the time it has
     */
    public <T> Uni<T> call(Call call, Function<Duration, Uni<T>> attempt) {
        Uni<T> once = Uni.createFrom().deferred(() -> {
            call.onAttempt().run();
            Duration budget = min(call.timeout(), call.deadline().remaining());
            if (budget.isZero()) {
                return Uni.createFrom().failure(new StepFailure(StepFailure.Kind.TIMEOUT, "deadline exceeded"));
            }
            Uni<T> timed = attempt.apply(budget)
                    .onFailure().transform(failure -> Failures.classify(name, call.notFound(), failure))
                    .ifNoItem().after(budget).failWith(() -> new StepFailure(StepFailure.Kind.TIMEOUT,
                            name + " did not answer within " + budget.toMillis() + " ms"));
            return call.release() ? timed : guarded(timed);
        });
        int retries = call.idempotent() ? config.retry().maxRetries() : 0;
        return backoff.retry(once, retries, BackendGuard::retryable, call.deadline()::remaining);
    }

    private static boolean retryable(Throwable failure) {
        return failure instanceof StepFailure stepFailure && stepFailure.retryable();
    }

    /**
     * Runs one attempt through the circuit breaker and concurrency limit. Fault Tolerance turns
     * the Uni into a CompletionStage and does not pass cancellation on, so cancelling the
     * returned Uni cancels the call here and fails it inside the guard, which releases its slot.
     */
    @SuppressWarnings("unchecked")
    private <T> Uni<T> guarded(Uni<T> call) {
        return Uni.createFrom().deferred(() -> {
            AtomicBoolean cancelled = new AtomicBoolean();
            AtomicReference<Runnable> cancelInside = new AtomicReference<>();
            Uni<Object> inside = Uni.createFrom().emitter(emitter -> {
                if (cancelled.get()) {
                    emitter.fail(cancellation());
                    return;
                }
                Cancellable running = call.subscribe().with(emitter::complete, emitter::fail);
                cancelInside.set(() -> {
                    running.cancel();
                    emitter.fail(cancellation());
                });
                if (cancelled.get()) {
                    cancelInside.get().run();
                }
            });
            return ((Uni<T>) guard.get(() -> inside))
                    .onFailure(CircuitBreakerOpenException.class).transform(f -> new StepFailure(
                            StepFailure.Kind.CIRCUIT_OPEN, name + " circuit is open", config.circuitBreaker().delay(), f))
                    .onFailure(BulkheadException.class).transform(f -> new StepFailure(
                            StepFailure.Kind.REJECTED, name + " concurrency limit is full", Duration.ofSeconds(1), f))
                    .onCancellation().invoke(() -> {
                        cancelled.set(true);
                        Runnable cancel = cancelInside.get();
                        if (cancel != null) {
                            cancel.run();
                        }
                    });
        });
    }

    private static StepFailure cancellation() {
        return new StepFailure(StepFailure.Kind.CANCELLED, "cancelled");
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
