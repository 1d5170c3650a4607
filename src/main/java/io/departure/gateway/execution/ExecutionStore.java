package io.departure.gateway.execution;

import java.time.Duration;

import io.departure.gateway.problem.Problem;
import io.departure.gateway.problem.ProblemException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Where executions and their events are kept, so that an execution outlives the connection
 * that started it. Writes of one execution come from the one place that runs it, in order;
 * reads come from any view.
 */
public interface ExecutionStore {

    /** A new execution, or one already started with the same idempotency key and query. */
    record Created(String id, boolean existing) {
    }

    /** The 503 of a store that holds as many running executions as it may. */
    static ProblemException full(String detail) {
        return new ProblemException(Problem.of("executions-full", "Too many executions", 503, detail), Duration.ofSeconds(1));
    }

    /** The 409 of an idempotency key used again with another query. */
    static ProblemException keyReused(String detail) {
        return new ProblemException(Problem.of("idempotency-key-reused", "Idempotency key reused", 409, detail), null);
    }

    /**
     * Records a new running execution.
     *
     * @param idempotencyKey null, or a key under which a repeated request gets the same execution
     * @return fails with {@link #full} or {@link #keyReused}
     */
    Uni<Created> create(ExecutionQuery query, String idempotencyKey);

    /** Appends the next event of a running execution, numbered in order from 0. */
    void append(String id, String event, Object data);

    /** Ends a running execution; its events are kept for the retention period from now. */
    void finish(String id, Status status, Object result);

    /** The execution's status document, or null when it is unknown or expired. */
    Uni<ExecutionStatus> status(String id);

    /**
     * The execution's events after {@code afterSequence} (-1 for all), then the live ones as they
     * are appended, completing when it has ended; empty when it is unknown.
     */
    Multi<Recorded> follow(String id, long afterSequence);
}
