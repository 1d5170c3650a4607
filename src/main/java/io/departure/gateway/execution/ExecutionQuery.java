package io.departure.gateway.execution;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.departure.gateway.departure.Facts;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The one departure query of every view, as {@link QueryReader} read it: normalised, whether it
 * is watched, and with authentication on, by whom (the token's subject; only that subject reads
 * or cancels its execution). It is stored with the execution and compared on resume.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "A departure query, as POST /departures takes it (validated as GET /departure's parameters are)")
public record ExecutionQuery(
        @Schema(required = true, description = "IATA flight designator", example = "AR1973") String flight,
        @Schema(required = true, description = "Local departure date, YYYY-MM-DD", example = "2026-11-27") String date,
        @Schema(description = "IATA code of the departure airport, when known", example = "EZE") String from,
        @Schema(description = "Keep watching the departure until the flight departs", defaultValue = "false") boolean watch,
        @Schema(description = "With authentication on: the subject that started it, the only one who reads or cancels it")
                String subject) {

    public ExecutionQuery(String flight, String date, String from, boolean watch) {
        this(flight, date, from, watch, null);
    }

    /** Whether {@code caller} may read or cancel the execution: its own, or one nobody owns. */
    public boolean visibleTo(String caller) {
        return subject == null || subject.equals(caller);
    }

    /** What the query tells the departure's steps before any of them has run. */
    public Facts facts() {
        return Facts.of(flight, date, from);
    }
}
