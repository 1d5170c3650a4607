package io.departure.gateway.stream;


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
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestStreamElementType;

import io.departure.gateway.departure.DepartureQuery;
import io.departure.gateway.execution.EventStreams;
import io.departure.gateway.execution.Executions;
import io.departure.gateway.execution.StreamConfig;
import io.departure.gateway.execution.OpensExecution;
import io.smallrye.mutiny.Multi;
import io.vertx.ext.web.RoutingContext;

/**
 * The stream view: each step's outcome as a Server-Sent Event the moment it is known, then the
 * departure, and with {@code watch=true} the departure's changes until wheels-up. Every stream
 * is a stored execution ({@link StreamOpening} decides which): a client that reconnects with
 * {@code Last-Event-ID} resumes it instead of starting another. Its deadlines are the stream's own, so slow steps finish here where the
 * sync view would give up.
 */
@Path("/departure/stream")
@Tag(name = "departure")
public class DepartureStreamResource {

    private final Executions executions;
    private final EventStreams streams;
    private final StreamConfig config;

    DepartureStreamResource(Executions executions, EventStreams streams, StreamConfig config) {
        this.executions = executions;
        this.streams = streams;
        this.config = config;
    }

    @GET
    @OpensExecution
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
    public Multi<OutboundSseEvent> stream(@BeanParam DepartureQuery query,
            @RestQuery @Parameter(description = "Keep the stream open and send changes until the flight departs", example = "false",
                    schema = @Schema(enumeration = { "true", "false" })) String watch,
            @RestHeader("Last-Event-ID") @Parameter(description = "The last event received: resumes its execution after it") String lastEventId,
            @Context Sse sse, @Context RoutingContext routing) {
        // StreamOpening has read and checked the query, and chosen the execution.
        StreamOpening.Following following = routing.get(StreamOpening.FOLLOWING);
        routing.response().putHeader(Executions.HEADER, following.id());
        executions.joined(following.id());
        return streams.open(sse, executions.store().follow(following.id(), following.after()),
                () -> executions.left(following.id(), config.resumeWindow()));
    }
}
