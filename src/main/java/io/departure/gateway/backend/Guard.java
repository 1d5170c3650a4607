package io.departure.gateway.backend;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import jakarta.enterprise.util.TypeLiteral;

import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;

import io.departure.gateway.engine.Backoff;
import io.departure.gateway.engine.StepFailure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Vertx;

/**
 * The guard of one backend: per-attempt timeout and retries with jittered exponential backoff
 * (on Mutiny, so that cancellation reaches the HTTP call), around a circuit breaker and a
 * concurrency limit (SmallRye Fault Tolerance), with identical calls in flight sharing one
 * ({@code coalesce}) and slow attempts hedged ({@code hedge.*}), the same for every call to the backend.
 * The breaker does not count a timeout against the backend while the gateway itself runs late. Every attempt is bounded by the execution's
 * remaining budget, which the attempt is told so it can pass it to the backend.
 */
final class Guard {

    private static final TypeLiteral<Uni<Object>> UNI = new TypeLiteral<>() {
    };

    private final String name;
    private final BackendConfig config;
    private final TypedGuard<Uni<Object>> guard;
    /**
     * The concurrency limit when no call may wait ({@code bulkhead.queue=0}), which Fault
     * Tolerance's bulkhead does not allow for a Uni: its slots, each held until the attempt ends.
     */
    private final Semaphore unqueued;
    private final Backoff backoff;
    private final Vertx vertx;
    private final Coalescer coalescer = new Coalescer();
    /** When an attempt is hedged; null when none is. */
    private final Duration hedgeAfter;
    private final HedgeBudget hedges;
    private final Counter shared;
    private final Counter hedged;

    Guard(String name, BackendConfig config, double jitter, Vertx vertx, MeterRegistry registry, BooleanSupplier gatewayLate) {
        this.name = name;
        this.config = config;
        this.vertx = vertx;
        this.hedgeAfter = config.hedge().after().orElse(null);
        this.hedges = new HedgeBudget(config.hedge().budget());
        this.shared = Counter.builder("departure.backend.shared").tag("backend", name)
                .description("Calls that shared an identical call already in flight instead of making one").register(registry);
        this.hedged = Counter.builder("departure.backend.hedged").tag("backend", name)
                .description("Attempts hedged: a second one sent while the first was slow").register(registry);
        this.backoff = new Backoff(config.retry().initialBackoff(), config.retry().maxBackoff(), jitter);
        BackendConfig.CircuitBreaker breaker = config.circuitBreaker();
        BackendConfig.Bulkhead bulkhead = config.bulkhead();
        TypedGuard.Builder<Uni<Object>> builder = TypedGuard.create(UNI)
                .withDescription(name)
                .withThreadOffload(false)
                .withCircuitBreaker()
                .name(name)
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

    /** The circuit breaker's name, as {@code CircuitBreakerMaintenance} knows it. */
    public String name() {
        return name;
    }

    /**
     * Calls the backend as {@code call} describes, retrying an idempotent call after a
     * retryable failure (never on 4xx, never past the deadline). Each attempt gets the smaller
     * of the attempt timeout and the remaining budget; when that passes, the attempt is
     * cancelled (its HTTP request reset) and counts as a timeout. An attempt identical to one in
     * flight (same {@link Call#key}) shares it; a slow one may be hedged.
     *
     * @param attempt makes one call, given the time it has
     */
    public <T> Uni<T> call(Call call, Function<Duration, Uni<T>> attempt) {
        Uni<T> once = Uni.createFrom().deferred(() -> {
            call.observer().attempt();
            Duration budget = min(call.timeout(), call.deadline().remaining());
            if (budget.isZero()) {
                return Uni.createFrom().failure(new StepFailure(StepFailure.Kind.TIMEOUT, "deadline exceeded"));
            }
            if (call.key() == null || !config.coalesce()) {
                return hedged(call, attempt, budget);
            }
            // The shared attempt is bounded by its first caller's budget, the others each by their own too.
            return coalescer.join(call.key(), () -> hedged(call, attempt, budget), () -> {
                call.observer().shared();
                shared.increment();
            }, budget, () -> timedOut(budget));
        });
        int retries = call.idempotent() ? config.retry().maxRetries() : 0;
        Uni<T> retried = backoff.retry(once, retries, Guard::retryable, call.deadline()::remaining);
        return hedgeAfter == null ? retried : Uni.createFrom().deferred(() -> {
            hedges.earn();
            return retried;
        });
    }

    /** One attempt in {@code budget}: through the circuit breaker and concurrency limit (but a release), timed out, classified. */
    private <T> Uni<T> exchange(Call call, Function<Duration, Uni<T>> attempt, Duration budget) {
        Uni<T> timed = Uni.createFrom().deferred(() -> attempt.apply(budget))
                .onFailure().transform(failure -> Failures.classify(name, call.notFound(), failure))
                .ifNoItem().after(budget).failWith(() -> timedOut(budget));
        return call.release() ? timed : guarded(timed);
    }

    private StepFailure timedOut(Duration budget) {
        return new StepFailure(StepFailure.Kind.TIMEOUT, name + " did not answer within " + budget.toMillis() + " ms");
    }

    /**
     * An attempt that, when it has not answered after {@code departure.<backend>.hedge.after},
     * is raced by one more (if the call may be repeated, time is left and the hedge budget
     * allows), and again after each further such delay up to {@code hedge.max-attempts}: the
     * first answer wins and the other attempts are cancelled; a failure ends the race only when
     * no attempt is left running.
     */
    private <T> Uni<T> hedged(Call call, Function<Duration, Uni<T>> attempt, Duration budget) {
        if (hedgeAfter == null || !call.idempotent() || call.release() || budget.compareTo(hedgeAfter) <= 0
                || config.hedge().maxAttempts() < 2) {
            return exchange(call, attempt, budget);
        }
        return Uni.createFrom().emitter(emitter -> new Race<T>(emitter, call, attempt, budget, hedgeAfter).start());
    }

    /** The first attempt and, while it is slow, its hedges: whichever answers first. */
    private final class Race<T> {
        private final UniEmitter<? super T> emitter;
        private final Call call;
        private final Function<Duration, Uni<T>> attempt;
        private final Duration budget;
        private final Duration after;
        private final List<Cancellable> attempts = new ArrayList<>(2);
        private int running;
        private boolean over;
        private long timer = -1;

        Race(UniEmitter<? super T> emitter, Call call, Function<Duration, Uni<T>> attempt, Duration budget, Duration after) {
            this.emitter = emitter;
            this.call = call;
            this.attempt = attempt;
            this.budget = budget;
            this.after = after;
        }

        void start() {
            emitter.onTermination(this::finish);
            launch(budget);
            synchronized (this) {
                if (!over) {
                    timer = vertx.setTimer(Math.max(1, after.toMillis()), ignored -> hedge());
                }
            }
        }

        private void hedge() {
            synchronized (this) {
                timer = -1;
                if (over) {
                    return;
                }
            }
            Duration left = min(call.timeout(), call.deadline().remaining());
            if (left.isZero() || !hedges.take()) {
                return;
            }
            call.observer().attempt();
            call.observer().hedged();
            hedged.increment();
            launch(left);
            synchronized (this) {
                if (!over && attempts.size() < config.hedge().maxAttempts()) {
                    timer = vertx.setTimer(Math.max(1, after.toMillis()), ignored -> hedge());
                }
            }
        }

        private void launch(Duration time) {
            synchronized (this) {
                if (over) {
                    return;
                }
                running++;
            }
            Cancellable started = exchange(call, attempt, time).subscribe().with(this::answered, this::failed);
            boolean late;
            synchronized (this) {
                attempts.add(started);
                late = over;
            }
            if (late) {
                started.cancel();
            }
        }

        private void answered(T item) {
            if (finish()) {
                emitter.complete(item);
            }
        }

        private void failed(Throwable failure) {
            synchronized (this) {
                if (over || --running > 0) {
                    return;
                }
            }
            if (finish()) {
                emitter.fail(failure);
            }
        }

        /** Ends the race, once: the timer and every attempt still running are cancelled. */
        private boolean finish() {
            List<Cancellable> others;
            long pending;
            synchronized (this) {
                if (over) {
                    return false;
                }
                over = true;
                others = List.copyOf(attempts);
                pending = timer;
            }
            if (pending >= 0) {
                vertx.cancelTimer(pending);
            }
            // Cancelling the attempt that answered does nothing.
            others.forEach(Cancellable::cancel);
            return true;
        }
    }

    /** Hedges earned by calls: each call earns {@code hedge.budget} of one, so at most that share of calls is hedged. */
    private static final class HedgeBudget {
        /** Hedges that can be saved up in quiet times, to spend in a burst of slow answers. */
        private static final double MOST = 10;
        private final double share;
        private double earned;

        HedgeBudget(double share) {
            this.share = share;
        }

        synchronized void earn() {
            earned = Math.min(MOST, earned + share);
        }

        synchronized boolean take() {
            if (earned < 1) {
                return false;
            }
            earned -= 1;
            return true;
        }
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
            return ((Uni<T>) guard.get(() -> admitted(inside)))
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

    /** The attempt, or with {@code bulkhead.queue=0} and every slot taken its rejection at once, as the bulkhead would. */
    private Uni<Object> admitted(Uni<Object> attempt) {
        if (unqueued == null) {
            return attempt;
        }
        if (!unqueued.tryAcquire()) {
            return Uni.createFrom().failure(new BulkheadException(name + " has no free slot and no queue"));
        }
        return attempt.onTermination().invoke(unqueued::release);
    }

    private static StepFailure cancellation() {
        return new StepFailure(StepFailure.Kind.CANCELLED, "cancelled");
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
