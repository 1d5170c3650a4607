package io.departure.gateway.backend;

import java.time.Duration;

import io.departure.gateway.engine.Deadline;
import io.departure.gateway.engine.StepContext;

/**
 * What one guarded call to a backend is: the deadline it must end by, the time one attempt may
 * take, whether it may be repeated, who is told of its attempts, how a 404 reads, what makes
 * it the same as another call in flight, and the key that makes a repeated effect a repeat.
 *
 * @param release a call that gives back what the backend lent (a lease): it goes through even
 *        when the circuit is open or the limit is full, since refusing it would leave the lease
 *        held; it is still timed out, and the compensation that makes it retries it
 * @param key what identifies the call (e.g. {@code GET /flights/AR1973?date=…}): identical calls in
 *        flight at the same time share one attempt ({@code departure.<backend>.coalesce}); null
 *        for a call that is never shared
 * @param idempotencyKey sent as {@value Client#IDEMPOTENCY_KEY} by a call that creates something
 *        ({@code <execution id>:<step>}), so that the backend answers a repeat of it (a retry,
 *        another replica continuing the execution) with what the first made; null for the others
 */
public record Call(Deadline deadline, Duration timeout, boolean idempotent, Observer observer, String notFound,
        boolean release, String key, String idempotencyKey) {

    /** A call that creates nothing, so carries no idempotency key. */
    public Call(Deadline deadline, Duration timeout, boolean idempotent, Observer observer, String notFound, boolean release,
            String key) {
        this(deadline, timeout, idempotent, observer, notFound, release, key, null);
    }

    /** Told how a call went: each attempt it made, whether it shared another's, whether it was hedged. */
    public interface Observer {
        void attempt();

        default void shared() {
        }

        default void hedged() {
        }
    }

    private static final Observer UNCOUNTED = () -> {
    };

    /** An idempotent call made by a step, its attempts, sharing and hedging told to the step. */
    public static Call of(StepContext context, Duration timeout, String notFound) {
        Observer observer = new Observer() {
            @Override
            public void attempt() {
                context.attemptStarted();
            }

            @Override
            public void shared() {
                context.calledShared();
            }

            @Override
            public void hedged() {
                context.calledHedged();
            }
        };
        return new Call(context.deadline(), timeout, true, observer, notFound, false, null);
    }

    /** The same call, made once however it fails: its caller decides whether to make it again. */
    public Call once() {
        return new Call(deadline, timeout, false, observer, notFound, release, key, idempotencyKey);
    }

    /**
     * The same call creating something under {@code idempotencyKey}: a backend that honours the key
     * answers a repeat with what the first made, so the call may be repeated like an idempotent one.
     */
    public Call keyed(String idempotencyKey) {
        return new Call(deadline, timeout, true, observer, notFound, release, key, idempotencyKey);
    }

    /** The same call, shared with identical ones in flight at the same time, {@code key} saying which are identical. */
    public Call sharedAs(String key) {
        return new Call(deadline, timeout, idempotent, observer, notFound, release, key, idempotencyKey);
    }

    /** A release of a lease: one attempt bounded by its own timeout, counted nowhere. */
    public static Call release(Duration timeout, String notFound) {
        return new Call(Deadline.in(timeout), timeout, false, UNCOUNTED, notFound, true, null);
    }
}
