package io.departure.gateway.execution;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The status document of an execution ({@code GET /departures/{id}}): where it stands, what it
 * was asked, when it started and ended, its result once done (the departure, or the problem
 * that failed it) and its history of events.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "An execution: where it stands, what it was asked, its result once done and its history of events")
public record ExecutionStatus(
        @Schema(required = true, description = "The execution's id", example = "a297c0f89a786c9dfae90107") String id,
        @Schema(required = true, description = "RUNNING, then SUCCEEDED (complete), PARTIAL (an optional part missing), "
                + "FAILED (the flight failed) or CANCELLED") Status status,
        @Schema(required = true, description = "What it was asked") ExecutionQuery query,
        @Schema(required = true, description = "When it started") Instant startedAt,
        @Schema(description = "When it ended") Instant endedAt,
        @Schema(description = "Once it ended: the departure (as GET /departure answers it), or the problem that failed it",
                oneOf = { io.departure.gateway.departure.Departure.class, io.departure.gateway.problem.Problem.class }) Object result,
        @Schema(required = true, description = "Its events so far, as the stream view sends them") List<Recorded> history) {
}
