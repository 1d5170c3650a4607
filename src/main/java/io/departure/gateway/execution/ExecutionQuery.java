package io.departure.gateway.execution;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.departure.gateway.departure.DepartureQuery;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What an execution was asked: the departure's query as normalised, whether it is watched, and
 * with authentication on, by whom (the token's subject; only that subject reads or cancels it).
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

    public static ExecutionQuery of(DepartureQuery query, boolean watch) {
        return new ExecutionQuery(query.flightId(), query.date, query.fromAirport(), watch);
    }

    /** The same query, asked by {@code subject} (null: nobody in particular). */
    public ExecutionQuery by(String subject) {
        return new ExecutionQuery(flight, date, from, watch, subject);
    }

    /** Whether {@code caller} may read or cancel the execution: its own, or one nobody owns. */
    public boolean visibleTo(String caller) {
        return subject == null || subject.equals(caller);
    }

    /** The query the departure's views take. */
    public DepartureQuery departureQuery() {
        DepartureQuery query = new DepartureQuery();
        query.flight = flight;
        query.date = date;
        query.from = from;
        return query;
    }
}
