package io.departure.gateway.engine;

import com.fasterxml.jackson.annotation.JsonValue;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** How a step of an execution ended, as the public API names it. */
@RegisterForReflection
public enum Outcome {
    OK("ok"),
    FALLBACK("fallback"),
    TIMEOUT("timeout"),
    FAILED("failed"),
    CIRCUIT_OPEN("circuit-open"),
    REJECTED("rejected"),
    SKIPPED("skipped"),
    CANCELLED("cancelled");

    private final String label;

    Outcome(String label) {
        this.label = label;
    }

    @JsonValue
    public String label() {
        return label;
    }

    /** The outcome a label names, as a stored event has it. */
    public static Outcome of(String label) {
        for (Outcome outcome : values()) {
            if (outcome.label.equals(label)) {
                return outcome;
            }
        }
        throw new IllegalArgumentException("no outcome " + label);
    }

    /** Whether the step produced a value its dependants can use. */
    public boolean succeeded() {
        return this == OK || this == FALLBACK;
    }
}
