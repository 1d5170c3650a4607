package io.departure.gateway.sync;

import static io.departure.gateway.execution.QueryReader.AIRPORT;
import static io.departure.gateway.execution.QueryReader.DATE;
import static io.departure.gateway.execution.QueryReader.DATE_MEANS;
import static io.departure.gateway.execution.QueryReader.FLIGHT;
import static io.departure.gateway.execution.QueryReader.FLIGHT_MEANS;
import static io.departure.gateway.execution.QueryReader.FROM_MEANS;
import static org.eclipse.microprofile.openapi.annotations.enums.ParameterIn.QUERY;

import java.time.Duration;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.departure.gateway.departure.Departure;
import io.departure.gateway.departure.DepartureConfig;
import io.departure.gateway.execution.ExecutionQuery;
import io.departure.gateway.execution.Executions;
import io.departure.gateway.execution.QueryReader;
import io.departure.gateway.execution.View;
import io.departure.gateway.limits.RateLimited;
import io.departure.gateway.problem.Problem;
import io.departure.gateway.security.Authentication;
import io.departure.gateway.security.Protected;
import io.departure.gateway.shedding.Overload;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * The sync view: the whole departure as one JSON document, within {@code departure.deadline}.
 * It is an execution like any other ({@code Departure-Execution} names it), so that
 * {@code GET /departures/{id}} can explain it afterwards.
 */
@Path("/departure")
@Tag(name = "departure")
@Protected
@RateLimited
public class DepartureResource {

    public static final String COMPLETE_HEADER = "X-Departure-Complete";
    private static final String SERVER_TIMING = "Server-Timing";

    private final Executions executions;
    private final DepartureConfig config;
    private final Overload overload;

    DepartureResource(Executions executions, DepartureConfig config, Overload overload) {
        this.executions = executions;
        this.config = config;
        this.overload = overload;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The departure of a flight: flight status and the weather at the departure airport",
            description = "Calls the flight and forecast services concurrently (the forecast waits for the flight's origin "
                    + "when `from` is not given). The flight is required; a failed forecast gives a partial answer "
                    + "(`complete: false`) unless configured as required.")
    @APIResponse(responseCode = "200", description = "The departure, complete or partial (see `X-Departure-Complete`)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Departure.class),
                    examples = @ExampleObject(name = "complete", value = Examples.COMPLETE)))
    @APIResponse(responseCode = "400", description = "Missing or malformed parameters, every bad one listed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class),
                    examples = @ExampleObject(name = "invalid", value = Examples.INVALID)))
    @APIResponse(responseCode = "404", description = "The flight service says the flight does not exist on that date",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "502", description = "The flight service failed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "The flight service's circuit is open or its concurrency limit is full; see `Retry-After`",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "504", description = "The flight step or the whole request ran out of time",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @Parameter(name = "date", in = QUERY, required = true, description = DATE_MEANS, example = "2026-11-27",
            schema = @Schema(format = "date", pattern = DATE))
    @Parameter(name = "flight", in = QUERY, required = true, description = FLIGHT_MEANS, example = "AR1973", schema = @Schema(pattern = FLIGHT))
    @Parameter(name = "from", in = QUERY, description = FROM_MEANS, example = "EZE", schema = @Schema(pattern = AIRPORT))
    public Uni<Departure> departure(@Context RoutingContext routing) {
        ExecutionQuery asked = QueryReader.parameters(routing.queryParams(), false, Authentication.subject(routing));
        // The deadline counts from the request's arrival: time it spent waiting in the gateway is time it no longer has.
        // One that cannot make it was shed before it got here (Overload).
        long waited = overload.waited(routing);
        Duration left = config.deadline().minusNanos(waited);
        return executions.answer(new Executions.Spec(asked, left.isNegative() ? Duration.ZERO : left, Map.of(), View.SYNC))
                .map(answered -> {
                    if (answered.failure() != null) {
                        throw answered.failure().withExecution(answered.id());
                    }
                    overload.served(routing);
                    Departure departure = answered.departure();
                    // On the response itself: a JAX-RS response's headers cost a sorted map and a copy on every answer.
                    routing.response().headers()
                            .add(COMPLETE_HEADER, departure.complete() ? "true" : "false")
                            .add(SERVER_TIMING, departure.serverTiming())
                            .add(Executions.HEADER, answered.id());
                    return departure;
                });
    }
}
