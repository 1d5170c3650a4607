package io.departure.gateway.execution;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.departure.gateway.problem.Problem;
import io.departure.gateway.problem.ProblemException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Where executions and their events are kept, so that an execution outlives the connection
 * that started it. Writes of one execution come from the one process that runs it, in order;
 * reads, and cancellation, come from any view in any process that shares the store.
 */
public interface ExecutionStore {

    /** A new execution, or one already started with the same idempotency key and query. */
    record Created(String id, boolean existing) {
    }

    /**
     * An execution this process is to continue, its previous owner having died: where it stands,
     * with every event so far, which view started it and its deadline.
     */
    record Claimed(ExecutionStatus status, View origin, Instant deadline) {
    }

    /**
     * An execution that runs again after a redrive, as it stands now (its history ending with the
     * {@code redrive} event), or, asked again with the same idempotency key, the redrive it made.
     *
     * @param existing whether it is a redrive made before: nothing is to be started
     */
    record Redriven(ExecutionStatus status, boolean existing) {
    }

    /** What a store tells the process about the executions it runs and the callbacks it owes. */
    interface Owner {

        /**
         * The execution is no longer this process's to run: it was cancelled from another
         * process, or taken over after this one failed to renew its lease. Its work is to stop,
         * and nothing more is written for it from here.
         */
        void lost(String id);

        /** This process now runs an execution whose owner died. */
        void claimed(Claimed execution);

        /** This process now owes the completion callback of an execution's latest end (its owner died). */
        default void owes(String id) {
        }
    }

    /** The first event of every execution, written when it is created. */
    String FIRST = "execution";

    /** The first event's data: the execution's id. */
    static Object first(String id) {
        return Map.of("id", id);
    }

    /** The 503 of a store that holds as many running executions as it may. */
    static ProblemException full(String detail) {
        return new ProblemException(Problem.of("executions-full", "Too many executions", 503, detail), Duration.ofSeconds(1));
    }

    /** The 503 of a store that cannot be reached. */
    static ProblemException unavailable(String detail) {
        return new ProblemException(Problem.of("store-unavailable", "Executions cannot be stored", 503, detail), Duration.ofSeconds(1));
    }

    /** The 409 of a redrive of an execution that is running or succeeded. */
    static ProblemException notRedrivable(String id, Status status) {
        return new ProblemException(Problem.of("not-redrivable", "Not redrivable", 409, "execution " + id + " is " + status
                + ": only an execution that ended PARTIAL or FAILED can be redriven"), null);
    }

    /** The 409 of an idempotency key used again with another query. */
    static ProblemException keyReused(String detail) {
        return new ProblemException(Problem.of("idempotency-key-reused", "Idempotency key reused", 409, detail), null);
    }

    /**
     * Records a new running execution, owned by this process, with its first event
     * ({@link #FIRST}, naming it).
     *
     * @param deadline when its departure must be answered, for whoever continues it
     * @param idempotencyKey null, or a key under which a repeated request gets the same execution
     * @return fails with {@link #full} or {@link #keyReused}
     */
    Uni<Created> create(ExecutionQuery query, View origin, Instant deadline, String idempotencyKey, String callback);

    /** {@link #create(ExecutionQuery, View, Instant, String, String)} without a completion callback. */
    default Uni<Created> create(ExecutionQuery query, View origin, Instant deadline, String idempotencyKey) {
        return create(query, origin, deadline, idempotencyKey, null);
    }

    /**
     * Runs an execution that ended {@code PARTIAL} or {@code FAILED} again, owned by this process,
     * as an async execution: it is {@code RUNNING} again with one more redrive, the {@code redrive}
     * event appended to its history, and kept until {@code deadline} and the retention period after
     * its next end. A delivery its previous end still owed is dropped.
     *
     * @param idempotencyKey null, or a key under which a repeated request gets the same redrive
     * @return null when it is unknown or expired; fails with {@link #notRedrivable} or {@link #keyReused}
     */
    Uni<Redriven> redrive(String id, Instant deadline, String idempotencyKey);

    /**
     * Records how the delivery of the completion callback of end {@code end} (its redrive count)
     * goes, if that is still the execution's latest end and this process owes it.
     *
     * @return false when it is not: the delivery is to stop
     */
    Uni<Boolean> delivered(String id, int end, ExecutionStatus.Callback delivery);

    /** Appends the next event of a running execution this process owns, after those appended before. */
    void append(String id, String event, Object data);

    /**
     * Appends the last event of a running execution this process owns and ends it, after the
     * events appended before; its events are kept for the retention period from now. Its
     * completion callback, if it has one, is then owed by this process.
     *
     * @return whether it ended here (false: it had already ended, or is no longer this process's)
     */
    Uni<Boolean> finish(String id, Status status, String event, Object data, Object result);

    /**
     * Ends a running execution as {@code CANCELLED} with an {@code error} event, from any process;
     * the process that runs it is told to stop its work, and this one owes its completion callback.
     *
     * @return whether it was running
     */
    Uni<Boolean> cancel(String id, Problem problem);

    /** The execution's status document, or null when it is unknown or expired. */
    Uni<ExecutionStatus> status(String id);

    /**
     * The execution's events after {@code afterSequence} (-1 for all), then the live ones as they
     * are appended, completing when it has ended; empty when it is unknown.
     */
    Multi<Recorded> follow(String id, long afterSequence);

    /**
     * Whether a client followed the execution from another process within the last resume
     * window: a stream's client may resume on any replica.
     */
    default Uni<Boolean> followedElsewhere(String id) {
        return Uni.createFrom().item(false);
    }

    /** Answers the store's kind when it can be reached, for its health check and gauge. */
    Uni<String> ping();

    /** Whether other processes share this store, so that they can continue what this one runs. */
    default boolean shared() {
        return false;
    }

    /** Starts telling {@code owner} what becomes of the executions this process runs. */
    default void serve(Owner owner) {
    }

    /**
     * Gives up this process's executions (it is shutting down, having stopped their work) so
     * that another process continues them at once rather than after the lease.
     */
    default Uni<Void> handOver() {
        return Uni.createFrom().voidItem();
    }
}
