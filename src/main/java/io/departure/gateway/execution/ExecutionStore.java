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

    /** What a shared store tells the process about the executions it runs. */
    interface Owner {

        /**
         * The execution is no longer this process's to run: it was cancelled from another
         * process, or taken over after this one failed to renew its lease. Its work is to stop,
         * and nothing more is written for it from here.
         */
        void lost(String id);

        /** This process now runs an execution whose owner died. */
        void claimed(Claimed execution);
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
    Uni<Created> create(ExecutionQuery query, View origin, Instant deadline, String idempotencyKey);

    /** Appends the next event of a running execution this process owns, after those appended before. */
    void append(String id, String event, Object data);

    /**
     * Appends the last event of a running execution this process owns and ends it, after the
     * events appended before; its events are kept for the retention period from now.
     *
     * @return whether it ended here (false: it had already ended, or is no longer this process's)
     */
    Uni<Boolean> finish(String id, Status status, String event, Object data, Object result);

    /**
     * Ends a running execution as {@code CANCELLED} with an {@code error} event, from any process;
     * the process that runs it is told to stop its work.
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
