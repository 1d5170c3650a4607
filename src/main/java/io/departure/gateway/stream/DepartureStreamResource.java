package io.departure.gateway.stream;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestStreamElementType;

import io.departure.gateway.config.GatewayConfig;
import io.departure.gateway.departure.DepartureQuery;
import io.departure.gateway.departure.DepartureService;
import io.departure.gateway.problem.Problem;
import io.departure.gateway.watch.DepartureWatch;
import io.smallrye.mutiny.Multi;

/**
 * The stream view: each step's outcome as a Server-Sent Event the moment it is known, then the
 * departure, and with {@code watch=true} the departure's changes until wheels-up. Its deadlines
 * are the stream's own, so slow steps finish here where the sync view would give up.
 */
@Path("/departure/stream")
@Tag(name = "departure")
public class DepartureStreamResource {

    private final DepartureService departures;
    private final DepartureWatch watches;
    private final GatewayConfig config;
    /** The stream view's own per-attempt timeouts, by step ({@code departure.stream.<step>.timeout}). */
    private final Map<String, Duration> timeouts;

    DepartureStreamResource(DepartureService departures, DepartureWatch watches, GatewayConfig config) {
        this.departures = departures;
        this.watches = watches;
        this.config = config;
        Map<String, Duration> timeouts = new HashMap<>();
        config.stream().steps().forEach((step, settings) -> settings.timeout().ifPresent(timeout -> timeouts.put(step, timeout)));
        this.timeouts = Map.copyOf(timeouts);
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "The departure as a stream of events",
            description = "Sends `flight` and `forecast` events as each step finishes (data: the step's outcome, with its `value` "
                    + "or `error`), then `departure` (the `GET /departure` body), or `error` (a problem) when the flight fails. "
                    + "With `watch=true` it then sends `flight` and `forecast` events whenever the departure changes, until "
                    + "the flight departs or is cancelled, then `end` with the reason. Comment lines keep idle connections open.")
    @APIResponse(responseCode = "200", description = "The event stream")
    @APIResponse(responseCode = "400", description = "Missing or malformed parameters, every bad one listed (before the stream starts)")
    public Multi<OutboundSseEvent> stream(@BeanParam DepartureQuery query,
            @RestQuery @Parameter(description = "Keep the stream open and send changes until the flight departs", example = "false",
                    schema = @Schema(enumeration = { "true", "false" })) String watch,
            @Context Sse sse) {
        query.requireValid(watch == null || "true".equals(watch) || "false".equals(watch) ? null
                : new Problem.FieldError("watch", "must be true or false"));
        return new StreamSession(sse, config.stream().heartbeat(), departures,
                departures.execute(query, config.stream().deadline(), timeouts),
                "true".equals(watch) ? watches : null, query).open();
    }
}
