package io.departure.gateway.upstream;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import jakarta.enterprise.util.TypeLiteral;

import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import io.departure.gateway.engine.Deadline;
import io.departure.gateway.engine.StepContext;
import io.departure.gateway.engine.StepFailure;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * The guard of one backend: per-attempt timeout and retries with jittered exponential backoff
 * (on Mutiny, so that cancellation reaches the HTTP call), around a circuit breaker and a
 * concurrency limit (SmallRye Fault Tolerance). Every attempt is bounded by the execution's
 * remaining budget, which the attempt is told so it can pass it to the backend.
 */
public final class BackendGuard {

    private static final TypeLiteral<Uni<Object>> UNI = new TypeLiteral<>() {
    };

    private final String name;
    private final BackendConfig config;
    private final TypedGuard<Uni<Object>> guard;

    public BackendGuard(String name, BackendConfig config) {
        this.name = name;
        this.config = config;
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
     * Calls the backend with retries. Each attempt gets the smaller of the attempt timeout and
     * the execution's remaining budget; when that passes, the attempt is cancelled (its HTTP
     * request aborted) and counts as a timeout.
     *
     * @param attempt makes one call, given the time it has
     * @param classify turns the call's failures into step failures
     */
    public <T> Uni<T> call(StepContext context, Duration attemptTimeout, Function<Duration, Uni<T>> attempt,
            Function<Throwable, StepFailure> classify) {
        return call(context.deadline(), context::attemptStarted, attemptTimeout, attempt, classify, true);
    }

    /**
     * The same, outside a step's own action: bounded by {@code deadline}, counting attempts with
     * {@code onAttempt}, and retried only when the call is idempotent.
     */
    public <T> Uni<T> call(Deadline deadline, Runnable onAttempt, Duration attemptTimeout, Function<Duration, Uni<T>> attempt,
            Function<Throwable, StepFailure> classify, boolean idempotent) {
        Uni<T> once = Uni.createFrom().deferred(() -> {
            onAttempt.run();
            Duration budget = min(attemptTimeout, deadline.remaining());
            if (budget.isZero()) {
                return Uni.createFrom().failure(new StepFailure(StepFailure.Kind.TIMEOUT, "deadline exceeded"));
            }
            Uni<T> call = attempt.apply(budget)
                    .onFailure().transform(classify)
                    .ifNoItem().after(budget).failWith(() -> new StepFailure(StepFailure.Kind.TIMEOUT,
                            name + " did not answer within " + budget.toMillis() + " ms"));
            return guarded(call);
        });
        int retries = idempotent ? config.retry().maxRetries() : 0;
        return retries <= 0 ? once : retrying(once, deadline, 0, retries);
    }

    /**
     * The call, retried after a retryable failure while retries are left and the backoff ends
     * inside the deadline; otherwise the last failure as it is. Written out rather than with
     * Mutiny's {@code retry()}, which builds a processor and a 256-slot queue for every call to
     * serve the rare one that fails: without them the gateway allocates 50 MB/s instead of 54
     * at 1,000 departures/s (G1 logs; the README's Benchmarks section).
     */
    private <T> Uni<T> retrying(Uni<T> once, Deadline deadline, int retried, int retries) {
        return once.onFailure(failure -> retried < retries && retryable(failure)).recoverWithUni(failure -> {
            Duration backoff = backoff(config.retry(), retried);
            if (backoff.compareTo(deadline.remaining()) >= 0) {
                return Uni.createFrom().failure(failure);
            }
            return Uni.createFrom().voidItem().onItem().delayIt().by(backoff)
                    .onItem().transformToUni(ignored -> retrying(once, deadline, retried + 1, retries));
        });
    }

    /**
     * The wait before retry {@code retried + 1}: the initial backoff doubled per retry up to the
     * maximum, then moved at random by up to the jitter's share of itself, within those bounds.
     */
    static Duration backoff(BackendConfig.Retry retry, int retried) {
        long initial = retry.initialBackoff().toMillis();
        long max = Math.max(initial, retry.maxBackoff().toMillis());
        long base = Math.min(max, initial << Math.min(retried, 30));
        long spread = (long) (base * retry.jitter());
        long low = Math.max(initial, base - spread);
        long high = Math.min(max, base + spread);
        return Duration.ofMillis(high > low ? ThreadLocalRandom.current().nextLong(low, high + 1) : base);
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
