package io.departure.gateway.callback;

import java.time.Duration;
import java.time.Instant;

import io.departure.gateway.engine.StepFailure;
import io.departure.gateway.execution.ExecutionStatus;
import io.departure.gateway.execution.ExecutionStatus.Callback;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * The delivery of one execution's completion callback, for its latest end: tried at once, then
 * after each retryable failure (a timeout, a connection failure, a 5xx, the host's circuit open)
 * after a growing wait, until the receiver accepts it, refuses it (another status), or
 * {@code departure.callbacks.retry-for} has passed since the end. Each try first reads the
 * execution, so a redrive or a delivery recorded elsewhere ends it; once the receiver has
 * accepted it, it is never sent again, only recorded. Stopping it cancels the try in flight (its
 * connection is closed) and the wait.
 */
final class Delivery {

    /** What a delivery works with: the execution's store, the receiver, the clock and timers. */
    interface Context {
        Uni<ExecutionStatus> status(String id);

        /** Sends one try of the status document, failing as {@link Receivers#post} does. */
        Uni<Void> send(ExecutionStatus status);

        /** Records how the delivery goes; false when it is not this process's any more. */
        Uni<Boolean> record(ExecutionStatus status, Callback delivery);

        Instant now();

        /** The wait before the try after {@code tries} failed ones. */
        Duration backoff(int tries);

        Duration retryFor();

        long timer(Duration wait, Runnable then);

        void cancelTimer(long timer);

        /** Told once the delivery is over, however it ended: delivered, failed, or not to be made. */
        void over(Delivery delivery, ExecutionStatus.Delivery outcome, ExecutionStatus status);
    }

    private final String id;
    private final Context context;
    private Cancellable trying;
    private long timer = -1;
    private boolean stopped;
    /** The delivery the receiver accepted, once it has: only its record is left to make, never another send. */
    private Callback accepted;
    /** Tries that failed on this side (the store could not be read or written), for their backoff. */
    private int troubles;

    Delivery(String id, Context context) {
        this.id = id;
        this.context = context;
    }

    String id() {
        return id;
    }

    void start() {
        attempt();
    }

    /** Makes no more tries; a try in flight is cancelled. */
    void stop() {
        Cancellable inFlight;
        long waiting;
        synchronized (this) {
            stopped = true;
            inFlight = trying;
            waiting = timer;
            trying = null;
            timer = -1;
        }
        if (inFlight != null) {
            inFlight.cancel();
        }
        if (waiting >= 0) {
            context.cancelTimer(waiting);
        }
    }

    private void attempt() {
        Uni<Void> attempt = context.status(id).onItem().transformToUni(this::deliver);
        synchronized (this) {
            timer = -1;
            if (stopped) {
                return;
            }
            // A store that cannot be read or written now may be later: tried again, the retry-for still counting from the end.
            trying = attempt.subscribe().with(ignored -> {
            }, failure -> retryAfter(context.backoff(++troubles)));
        }
    }

    private Uni<Void> deliver(ExecutionStatus status) {
        Callback callback = status == null ? null : status.callback();
        if (status == null || status.status().running() || callback == null || callback.state() != ExecutionStatus.Delivery.PENDING) {
            end(null, status);
            return Uni.createFrom().voidItem();
        }
        Callback done;
        synchronized (this) {
            done = accepted;
        }
        if (done != null) {
            return record(status, done);
        }
        Instant giveUpAt = status.endedAt().plus(context.retryFor());
        if (!context.now().isBefore(giveUpAt)) {
            String last = callback.lastError() == null ? "no answer" : callback.lastError();
            return record(status, new Callback(callback.url(), ExecutionStatus.Delivery.FAILED, null, callback.attempts(),
                    "given up after " + context.retryFor() + ": " + last));
        }
        return context.send(status).onItem().transform(ignored -> true)
                .onFailure().recoverWithUni(failure -> failed(status, callback, failure, giveUpAt).replaceWith(false))
                .onItem().transformToUni(sent -> {
                    if (!sent) {
                        return Uni.createFrom().voidItem();
                    }
                    Callback delivered = callback.tried(ExecutionStatus.Delivery.DELIVERED, context.now(), null);
                    synchronized (this) {
                        accepted = delivered;
                    }
                    return record(status, delivered);
                });
    }

    /** A try failed: recorded, then tried again after a wait when the failure may pass, else the delivery has failed. */
    private Uni<Void> failed(ExecutionStatus status, Callback callback, Throwable failure, Instant giveUpAt) {
        StepFailure known = StepFailure.find(failure);
        String error = known == null ? String.valueOf(failure.getMessage()) : known.getMessage();
        boolean again = known == null || known.retryable() || known.kind() == StepFailure.Kind.CIRCUIT_OPEN
                || known.kind() == StepFailure.Kind.REJECTED;
        Callback tried = callback.tried(again ? ExecutionStatus.Delivery.PENDING : ExecutionStatus.Delivery.FAILED, null, error);
        return record(status, tried).invoke(() -> {
            if (again) {
                Duration left = Duration.between(context.now(), giveUpAt);
                Duration wait = context.backoff(tried.attempts());
                retryAfter(wait.compareTo(left) < 0 ? wait : left.isNegative() ? Duration.ZERO : left);
            }
        });
    }

    /** Records the delivery's state; one that is over ends here, and so does one no longer this process's. */
    private Uni<Void> record(ExecutionStatus status, Callback delivery) {
        return context.record(status, delivery).invoke(recorded -> {
            if (!recorded) {
                end(null, status);
            } else if (delivery.state() != ExecutionStatus.Delivery.PENDING) {
                end(delivery.state(), status);
            }
        }).replaceWithVoid();
    }

    private void retryAfter(Duration wait) {
        synchronized (this) {
            if (stopped) {
                return;
            }
            trying = null;
            timer = context.timer(wait, this::attempt);
        }
    }

    private void end(ExecutionStatus.Delivery outcome, ExecutionStatus status) {
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
            trying = null;
        }
        context.over(this, outcome, status);
    }
}
