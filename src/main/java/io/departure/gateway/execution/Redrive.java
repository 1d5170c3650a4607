package io.departure.gateway.execution;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The data of a {@code redrive} event: an execution that had ended {@code PARTIAL} or
 * {@code FAILED} runs again under the same id, the parts that were {@code ok} kept as they were.
 *
 * @param number the redrive's number: 1 for the first
 * @param previousStatus how the run before it ended
 */
@RegisterForReflection
public record Redrive(int number, Status previousStatus) {

    /** The event's name. */
    public static final String EVENT = "redrive";
}
