package io.departure.gateway.upstream;

import java.time.Duration;

import io.departure.gateway.engine.Deadline;
import io.departure.gateway.engine.StepContext;

/**
 * What one guarded call to a backend is: the deadline it must end by, the time one attempt may
 * take, whether it may be repeated, what counts its attempts, and how a 404 reads.
 *
 * @param release a call that gives back what the backend lent (a lease): it goes through even
 *        when the circuit is open or the limit is full, since refusing it would leave the lease
 *        held; it is still timed out, and the compensation that makes it retries it
 */
public record Call(Deadline deadline, Duration timeout, boolean idempotent, Runnable onAttempt, String notFound,
        boolean release) {

    private static final Runnable UNCOUNTED = () -> {
    };

    /** An idempotent call made by a step, its attempts counted in the step's outcome. */
    public static Call of(StepContext context, Duration timeout, String notFound) {
        return new Call(context.deadline(), timeout, true, context::attemptStarted, notFound, false);
    }

    /** The same call, made once however it fails (a POST that creates something). */
    public Call once() {
        return new Call(deadline, timeout, false, onAttempt, notFound, release);
    }

    /** A release of a lease: one attempt bounded by its own timeout, counted nowhere. */
    public static Call release(Duration timeout, String notFound) {
        return new Call(Deadline.in(timeout), timeout, false, UNCOUNTED, notFound, true);
    }
}
