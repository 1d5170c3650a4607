package io.departure.gateway.problem;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.departure.gateway.engine.StepEvent;
import io.departure.gateway.engine.StepFailure;

/** A request that fails with a designed status; the one exception mapper renders it. */
public final class ProblemException extends RuntimeException {

    private final Problem problem;
    private final Duration retryAfter;
    private final String execution;

    public ProblemException(Problem problem, Duration retryAfter) {
        this(problem, retryAfter, null);
    }

    private ProblemException(Problem problem, Duration retryAfter, String execution) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
        this.retryAfter = retryAfter;
        this.execution = execution;
    }

    public Problem problem() {
        return problem;
    }

    /** The same failure, its problem telling how each step went. */
    public ProblemException withParts(Map<String, ?> parts) {
        return new ProblemException(problem.withParts(parts), retryAfter, execution);
    }

    /** The same failure, naming the execution it ended (the {@code Departure-Execution} header). */
    public ProblemException withExecution(String id) {
        return new ProblemException(problem, retryAfter, id);
    }

    /** The execution the failure ended, or null. */
    public String execution() {
        return execution;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    /** A 400: the request's parameters, every bad one listed with what is wrong with it. */
    public static ProblemException invalid(List<Problem.FieldError> errors) {
        List<Problem.FieldError> sorted = errors.stream()
                .sorted(Comparator.comparing(Problem.FieldError::field).thenComparing(Problem.FieldError::message))
                .toList();
        String detail = sorted.size() == 1 ? "1 parameter is invalid" : sorted.size() + " parameters are invalid";
        return new ProblemException(new Problem(Problem.type("invalid-request"), "Invalid request", 400, detail, sorted, null), null);
    }

    /**
     * The problem a failed required step makes: 404 when the backend says the thing does not
     * exist, 503 when its circuit is open or its limit full, 504 when time ran out, 502 otherwise.
     */
    public static ProblemException from(StepEvent event) {
        StepFailure failure = event.failure();
        StepFailure.Kind kind = failure == null ? StepFailure.Kind.UPSTREAM : failure.kind();
        String detail = event.error();
        return switch (kind) {
            case NOT_FOUND -> new ProblemException(Problem.of(event.step() + "-not-found", "Not found", 404, detail), null);
            case CIRCUIT_OPEN -> new ProblemException(
                    Problem.of("circuit-open", "Backend unavailable", 503, detail), failure.retryAfter());
            case REJECTED -> new ProblemException(Problem.overloaded(detail), failure.retryAfter());
            case TIMEOUT -> new ProblemException(Problem.of("timeout", "Out of time", 504, detail), null);
            default -> new ProblemException(Problem.of("upstream-failed", "Backend failed", 502, detail), null);
        };
    }
}
