package io.departure.gateway.stream;

import static io.departure.gateway.execution.QueryReader.AIRPORT;
import static io.departure.gateway.execution.QueryReader.DATE;
import static io.departure.gateway.execution.QueryReader.DATE_MEANS;
import static io.departure.gateway.execution.QueryReader.FLIGHT;
import static io.departure.gateway.execution.QueryReader.FLIGHT_MEANS;
import static io.departure.gateway.execution.QueryReader.FROM_MEANS;
import static org.eclipse.microprofile.openapi.annotations.enums.ParameterIn.HEADER;
import static org.eclipse.microprofile.openapi.annotations.enums.ParameterIn.QUERY;

import java.time.Duration;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

import io.departure.gateway.execution.EventStreams;
import io.departure.gateway.execution.Executions;
import io.departure.gateway.execution.StreamConfig;
import io.departure.gateway.execution.OpensExecution;
import io.departure.gateway.limits.RateLimited;
import io.departure.gateway.limits.StreamLimited;
import io.departure.gateway.security.Protected;
import io.smallrye.mutiny.Multi;
import io.vertx.ext.web.RoutingContext;

/**
 * The stream view: each step's outcome as a Server-Sent Event the moment it is known, then the
 * departure, and with {@code watch=true} the departure's changes until wheels-up. Every stream
 * is a stored execution ({@link StreamOpening} decides which): a client that reconnects with
 * {@code Last-Event-ID} resumes it instead of starting another. Its deadlines are the stream's
 * own, so slow steps finish here where the sync view would give up.
 */
@Path("/departure/stream")
@Tag(name = "departure")
@Protected
@RateLimited
public class DepartureStreamResource {

    private final Executions executions;
    /** How long a stream's execution waits for its client to come back ({@code departure.stream.resume-window}). */
    private final Duration resumeWindow;
    private final EventStreams streams;

    DepartureStreamResource(Executions executions, StreamConfig config, EventStreams streams) {
        this.executions = executions;
        this.resumeWindow = config.resumeWindow();
        this.streams = streams;
    }

    @GET
    @OpensExecution
    @StreamLimited
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "The departure as a stream of events",
            description = "Sends `execution` (its id), then `flight` and `forecast` events as each step finishes (data: the "
                    + "step's outcome, with its `value` or `error`), then `departure` (the `GET /departure` body), or `error` (a "
                    + "problem) when the flight fails. With `watch=true` it then sends `flight` and `forecast` events whenever "
                    + "the departure changes, until the flight departs or is cancelled, then `end` with the reason. Event ids are "
                    + "`<execution>:<sequence>`: reconnecting with `Last-Event-ID` resumes the execution after that event. "
                    + "Comment lines keep idle connections open; `reconnect` asks the client to reconnect.")
    @APIResponse(responseCode = "200", description = "The event stream")
    @APIResponse(responseCode = "204", description = "Resumed after the execution's last event: nothing is left to send")
    @APIResponse(responseCode = "400", description = "Missing or malformed parameters, every bad one listed (before the stream starts)")
    @Parameter(name = "date", in = QUERY, required = true, description = DATE_MEANS, example = "2026-11-27",
            schema = @Schema(format = "date", pattern = DATE))
    @Parameter(name = "flight", in = QUERY, required = true, description = FLIGHT_MEANS, example = "AR1973", schema = @Schema(pattern = FLIGHT))
    @Parameter(name = "from", in = QUERY, description = FROM_MEANS, example = "EZE", schema = @Schema(pattern = AIRPORT))
    @Parameter(name = "watch", in = QUERY, description = "Keep the stream open and send changes until the flight departs",
            example = "false", schema = @Schema(enumeration = { "true", "false" }))
    @Parameter(name = "Last-Event-ID", in = HEADER, description = "The last event received: resumes its execution after it",
            schema = @Schema(type = SchemaType.STRING))
    public Multi<OutboundSseEvent> stream(@Context Sse sse, @Context RoutingContext routing) {
        // StreamOpening has read and checked the query and the Last-Event-ID, and chosen the execution.
        StreamOpening.Following following = routing.get(StreamOpening.FOLLOWING);
        routing.response().putHeader(Executions.HEADER, following.id());
        executions.joined(following.id());
        return streams.open(sse, executions.store().follow(following.id(), following.after()),
                () -> executions.left(following.id(), resumeWindow));
    }
}
