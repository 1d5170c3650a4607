package io.departure.gateway.execution;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.departure.gateway.departure.DepartureQuery;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** What an execution was asked: the departure's query as normalised, and whether it is watched. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExecutionQuery(String flight, String date, String from, boolean watch) {

    public static ExecutionQuery of(DepartureQuery query, boolean watch) {
        return new ExecutionQuery(query.flightId(), query.date, query.fromAirport(), watch);
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
