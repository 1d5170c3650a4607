package io.departure.gateway.engine;

import java.time.Duration;

/**
 * Why a step did not produce a fresh value. Backend errors are classified into one of these
 * at the edge, so the engine, the guards and the views reason about kinds, not about HTTP
 * client exceptions.
 */
public final class StepFailure extends RuntimeException {

    public enum Kind {
        /** The backend says the thing does not exist (HTTP 404). */
        NOT_FOUND(Outcome.FAILED, false, false),
        /** The backend answered 5xx or the connection failed. */
        UPSTREAM(Outcome.FAILED, true, true),
        /** The backend refused the request as bad (other 4xx). */
        REFUSED(Outcome.FAILED, false, false),
        /** The answer was not valid JSON of the contract's shape, or too large. */
        INVALID_RESPONSE(Outcome.FAILED, false, true),
        /** An attempt or the execution ran out of time. */
        TIMEOUT(Outcome.TIMEOUT, true, true),
        /** The backend's circuit breaker is open. */
        CIRCUIT_OPEN(Outcome.CIRCUIT_OPEN, false, false),
        /** The backend's concurrency limit is full. */
        REJECTED(Outcome.REJECTED, false, false),
        /** A step this one needs did not succeed. */
        DEPENDENCY(Outcome.SKIPPED, false, false),
        /** The execution was abandoned before the step finished. */
        CANCELLED(Outcome.CANCELLED, false, false);

        private final Outcome outcome;
        private final boolean retryable;
        private final boolean countsAgainstCircuit;

        Kind(Outcome outcome, boolean retryable, boolean countsAgainstCircuit) {
            this.outcome = outcome;
            this.retryable = retryable;
            this.countsAgainstCircuit = countsAgainstCircuit;
        }

        public Outcome outcome() {
            return outcome;
        }
    }

    private final Kind kind;
    private final Duration retryAfter;

    public StepFailure(Kind kind, String message) {
        this(kind, message, null, null);
    }

    public StepFailure(Kind kind, String message, Duration retryAfter, Throwable cause) {
        super(message, cause, false, false);
        this.kind = kind;
        this.retryAfter = retryAfter;
    }

    public Kind kind() {
        return kind;
    }

    /** When the caller may try again, for failures that pass with time (circuit open, limit full). */
    public Duration retryAfter() {
        return retryAfter;
    }

    /** Whether another attempt may succeed: timeouts, connection failures and 5xx, never 4xx. */
    public boolean retryable() {
        return kind.retryable;
    }

    /** Whether the failure says the backend is unhealthy (4xx and cancellations do not). */
    public boolean countsAgainstCircuit() {
        return kind.countsAgainstCircuit;
    }

    /** The step failure in a throwable's cause chain (retry operators wrap the last failure). */
    public static StepFailure find(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof StepFailure stepFailure) {
                return stepFailure;
            }
        }
        return null;
    }
}
