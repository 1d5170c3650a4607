package io.departure.gateway.execution;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The status document of an execution ({@code GET /departures/{id}}): where it stands, what it
 * was asked, when it started and ended, its result once done (the departure, or the problem
 * that failed it) and its history of events.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExecutionStatus(String id, Status status, ExecutionQuery query, Instant startedAt, Instant endedAt, Object result,
        List<Recorded> history) {
}
