package io.departure.gateway.engine;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The published outcome of one step. The views are built from these: the stream view sends
 * them as they happen, the sync view merges them into one departure.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StepEvent(
        String step,
        Outcome outcome,
        int attempts,
        long durationMs,
        Object value,
        String error,
        Boolean stale,
        Long ageMs,
        Boolean shared,
        Boolean hedged,
        Long startedMs,
        List<Long> attemptsAtMs,
        Long deadlineMs,
        @JsonIgnore boolean required,
        @JsonIgnore StepFailure failure) implements ExecutionEvent {

    static StepEvent success(Step<?> step, int attempts, long durationMs, Object value) {
        return new StepEvent(step.name(), Outcome.OK, attempts, durationMs, value, null, null, null, null, null, null, null, null,
                step.required(), null);
    }

    static StepEvent fallback(Step<?> step, int attempts, long durationMs, Fallback<?> fallback, StepFailure failure) {
        return new StepEvent(step.name(), Outcome.FALLBACK, attempts, durationMs, fallback.value(), failure.getMessage(),
                Boolean.TRUE, fallback.age().toMillis(), null, null, null, null, null, step.required(), failure);
    }

    static StepEvent failure(Step<?> step, int attempts, long durationMs, StepFailure failure) {
        return new StepEvent(step.name(), failure.kind().outcome(), attempts, durationMs, null, failure.getMessage(), null, null,
                null, null, null, null, null, step.required(), failure);
    }

    /**
     * The same event, telling whether its calls shared another's and whether they were hedged
     * (each only when so), when the step started (ms after its execution did) and when each of
     * its attempts started (ms after the step did), and when the execution's deadline falls (ms
     * after it started): what a timeline draws.
     */
    StepEvent calls(boolean shared, boolean hedged, long startedMs, List<Long> attemptsAtMs, long deadlineMs) {
        return new StepEvent(step, outcome, attempts, durationMs, value, error, stale, ageMs, shared ? Boolean.TRUE : null,
                hedged ? Boolean.TRUE : null, startedMs, attemptsAtMs.isEmpty() ? null : attemptsAtMs, deadlineMs, required, failure);
    }

    /** Whether this event fails its execution: a required step without a value. */
    @JsonIgnore
    public boolean failsExecution() {
        return required && !outcome.succeeded();
    }
}
