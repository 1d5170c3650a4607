package io.departure.gateway.backend;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Vertx;

/**
 * An attempt that has not answered after {@code departure.<backend>.hedge.after} is raced by one
 * more (if the call may be repeated, time is left and the {@link HedgeBudget} allows), and again
 * after each further such delay up to {@code hedge.max-attempts}: the first answer wins and the
 * other attempts are cancelled; a failure ends the race only when no attempt is left running.
 */
final class Hedging implements Strategy {

    private final Duration after;
    private final int maxAttempts;
    private final HedgeBudget hedges;
    private final Counter hedged;
    private final Vertx vertx;
    private final Strategy next;

    /** @param hedged counts the attempts hedged */
    Hedging(Duration after, int maxAttempts, HedgeBudget hedges, Counter hedged, Vertx vertx, Strategy next) {
        this.after = after;
        this.maxAttempts = maxAttempts;
        this.hedges = hedges;
        this.hedged = hedged;
        this.vertx = vertx;
        this.next = next;
    }

    @Override
    public <T> Uni<T> apply(Invocation<T> invocation) {
        Call call = invocation.call();
        if (!call.idempotent() || call.release() || invocation.budget().compareTo(after) <= 0) {
            return next.apply(invocation);
        }
        return Uni.createFrom().emitter(emitter -> new Race<T>(emitter, invocation).start());
    }

    /** The first attempt and, while it is slow, its hedges: whichever answers first. */
    private final class Race<T> {
        private final UniEmitter<? super T> emitter;
        private final Invocation<T> invocation;
        private final List<Cancellable> attempts = new ArrayList<>(2);
        private int running;
        private boolean over;
        private long timer = -1;

        Race(UniEmitter<? super T> emitter, Invocation<T> invocation) {
            this.emitter = emitter;
            this.invocation = invocation;
        }

        void start() {
            emitter.onTermination(this::finish);
            launch(invocation);
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
            Call call = invocation.call();
            Duration left = AttemptBudget.of(call);
            if (left.isZero() || !hedges.take()) {
                return;
            }
            call.observer().attempt();
            call.observer().hedged();
            hedged.increment();
            launch(invocation.within(left));
            synchronized (this) {
                if (!over && attempts.size() < maxAttempts) {
                    timer = vertx.setTimer(Math.max(1, after.toMillis()), ignored -> hedge());
                }
            }
        }

        private void launch(Invocation<T> attempt) {
            synchronized (this) {
                if (over) {
                    return;
                }
                running++;
            }
            Cancellable started = next.apply(attempt).subscribe().with(this::answered, this::failed);
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
}
