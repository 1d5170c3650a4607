package io.departure.gateway.engine;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A new value a long-running step published before finishing (a watched flight's change, say),
 * named after the step. On the wire it reads like a step's outcome: {@code outcome} is {@code ok}.
 */
@RegisterForReflection
@JsonPropertyOrder({ "step", "outcome", "value" })
public record StepUpdate(String step, Object value) implements ExecutionEvent {

    @JsonProperty("outcome")
    public Outcome outcome() {
        return Outcome.OK;
    }
}
