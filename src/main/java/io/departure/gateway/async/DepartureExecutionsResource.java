package io.departure.gateway.async;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.RestStreamElementType;

import com.fasterxml.jackson.databind.JsonNode;

import io.departure.gateway.callback.CallbackPolicy;
import io.departure.gateway.execution.EventStreams;
import io.departure.gateway.execution.ExecutionQuery;
import io.departure.gateway.execution.ExecutionStatus;
import io.departure.gateway.execution.ExecutionStore;
import io.departure.gateway.execution.Executions;
import io.departure.gateway.execution.OpensEvents;
import io.departure.gateway.execution.QueryReader;
import io.departure.gateway.execution.Recorded;
import io.departure.gateway.execution.View;
import io.departure.gateway.limits.ClientLimits;
import io.departure.gateway.limits.RateLimited;
import io.departure.gateway.limits.StreamLimited;
import io.departure.gateway.problem.Problem;
import io.departure.gateway.problem.Problem.FieldError;
import io.departure.gateway.problem.ProblemException;
import io.departure.gateway.security.Authentication;
import io.departure.gateway.security.Protected;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * The async view, as Step Functions users know it: start an execution (told of its end by a
 * callback, if asked), poll its status, follow its events, cancel it, redrive it. Executions run on
 * the stream view's deadlines and timeouts, whoever follows them, and are kept for
 * {@code departure.executions.retention} after they last ended.
 */
@Path(DepartureExecutionsResource.PATH)
@Tag(name = "executions")
@Protected
@RateLimited
public class DepartureExecutionsResource {

    /** Where executions are: {@code /departures/{id}} is one. */
    static final String PATH = "/departures";

    private final ExecutionStore store;
    private final Executions executions;
    private final EventStreams streams;
    private final ClientLimits limits;
    private final CallbackPolicy callbacks;

    DepartureExecutionsResource(Executions executions, EventStreams streams, ClientLimits limits, CallbackPolicy callbacks) {
        this.store = executions.store();
        this.executions = executions;
        this.streams = streams;
        this.limits = limits;
        this.callbacks = callbacks;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Start a departure execution",
            description = "Body: `{ \"flight\", \"date\", \"from\"?, \"watch\"?, \"callback\"? }`, validated as the query of "
                    + "`GET /departure`. With `\"callback\": {\"url\": \"https://…\"}` (a host in `departure.callbacks.allowed-hosts`), "
                    + "the status document is POSTed there, signed as Standard Webhooks says, whenever the execution ends. "
                    + "An `Idempotency-Key` header makes a repeated request with the same body answer the same execution.")
    @APIResponse(responseCode = "202", description = "Started (or, with a known Idempotency-Key, the execution it started); "
            + "`Location` names it", content = @Content(schema = @Schema(implementation = ExecutionStatus.class)))
    @APIResponse(responseCode = "400", description = "The body is not a valid departure query, or its callback is not allowed "
            + "(`callback.url`: not https, a host not allowed, a loopback or link-local address), every bad field listed")
    @APIResponse(responseCode = "409", description = "The Idempotency-Key was used with another body")
    @APIResponse(responseCode = "429", description = "A watch, and the client holds as many streams and watches as it may "
            + "(`departure.limits.streams`); see `Retry-After`")
    @APIResponse(responseCode = "503", description = "The store holds as many running executions as it may; see `Retry-After`")
    public Uni<RestResponse<ExecutionStatus>> start(JsonNode body, @RestHeader("Idempotency-Key") String idempotencyKey,
            @Context RoutingContext routing) {
        String caller = Authentication.subject(routing);
        List<FieldError> wrong = new ArrayList<>(0);
        String callback = body != null && body.isObject() ? callbacks.read(body.get("callback"), wrong) : null;
        ExecutionQuery asked = QueryReader.body(body, caller, wrong);
        Executions.Spec spec = executions.onStreamTerms(asked, View.ASYNC);
        // A watch holds a subscription at the flight service until it ends: it counts among the client's streams.
        Runnable release = asked.watch() ? limits.hold(routing) : null;
        return executions.start(callback == null ? spec : spec.withCallback(callback), scoped(idempotencyKey, caller), release)
                .onItem().transformToUni(created -> store.status(created.id()))
                .map(DepartureExecutionsResource::accepted);
    }

    @POST
    @Path("/{id}/redrive")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Redrive an execution that ended PARTIAL or FAILED",
            description = "The same execution runs again, on the stream view's deadline afresh: the steps whose outcome was `ok` "
                    + "keep their values and are not called again, the others run again. Its followers see a `redrive` event, then "
                    + "the new run's events; its history keeps every run. An `Idempotency-Key` header makes a repeated request "
                    + "answer the same redrive.")
    @APIResponse(responseCode = "202", description = "Running again: the status document (`redriveCount`, `redrivenAt`); `Location` "
            + "names it", content = @Content(schema = @Schema(implementation = ExecutionStatus.class)))
    @APIResponse(responseCode = "404", description = "No such execution, or it has expired")
    @APIResponse(responseCode = "409", description = "The execution is running or succeeded (`not-redrivable`), or the "
            + "Idempotency-Key was used to redrive another execution")
    @APIResponse(responseCode = "503", description = "The store cannot be reached; see `Retry-After`")
    public Uni<RestResponse<ExecutionStatus>> redrive(@RestPath String id, @RestHeader("Idempotency-Key") String idempotencyKey,
            @Context RoutingContext routing) {
        String caller = Authentication.subject(routing);
        return known(id, caller).onItem().transformToUni(status -> executions.redrive(id, scoped(idempotencyKey, caller),
                status.query().watch() ? limits.hold(routing) : null))
                .onItem().ifNull().failWith(() -> notFound(id))
                .map(DepartureExecutionsResource::accepted);
    }

    private static RestResponse<ExecutionStatus> accepted(ExecutionStatus status) {
        return RestResponse.ResponseBuilder.<ExecutionStatus> create(RestResponse.Status.ACCEPTED)
                .location(URI.create(PATH + "/" + status.id()))
                .header(Executions.HEADER, status.id())
                .entity(status)
                .build();
    }

    /** A client's idempotency key, scoped to its subject: each subject's keys are its own. */
    private static String scoped(String idempotencyKey, String caller) {
        return blankToNull(idempotencyKey) == null ? null : caller == null ? idempotencyKey : caller + ":" + idempotencyKey;
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "An execution's status, result and history")
    @APIResponse(responseCode = "200", description = "The status document",
            content = @Content(schema = @Schema(implementation = ExecutionStatus.class)))
    @APIResponse(responseCode = "404", description = "No such execution, or it has expired")
    public Uni<ExecutionStatus> status(@RestPath String id, @Context RoutingContext routing) {
        return known(id, Authentication.subject(routing));
    }

    @GET
    @OpensEvents
    @StreamLimited
    @Path("/{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "An execution's events",
            description = "The events of the stream view, with the same ids, from the start or after `Last-Event-ID`, then live "
                    + "until the execution ends; comment lines keep idle connections open, and `reconnect` asks the client to "
                    + "reconnect (after `departure.stream.max-connection`, or when the gateway shuts down).")
    @APIResponse(responseCode = "200", description = "The event stream")
    @APIResponse(responseCode = "404", description = "No such execution, or it has expired")
    public Multi<OutboundSseEvent> events(@RestPath String id, @RestHeader("Last-Event-ID") String lastEventId, @Context Sse sse) {
        Recorded.EventId last = Recorded.EventId.parse(lastEventId);
        long after = last != null && last.execution().equals(id) ? last.sequence() : -1;
        // EventsOpening has answered 404 for an unknown execution; one that expires meanwhile has no events.
        return streams.open(sse, store.follow(id, after), () -> {
        });
    }

    @DELETE
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Cancel an execution",
            description = "Its backend calls are cancelled and its compensations run (a watch's subscription is released).")
    @APIResponse(responseCode = "202", description = "Cancelled: the status document, now `CANCELLED`",
            content = @Content(schema = @Schema(implementation = ExecutionStatus.class)))
    @APIResponse(responseCode = "204", description = "The execution had already ended: nothing changed")
    @APIResponse(responseCode = "404", description = "No such execution, or it has expired")
    public Uni<RestResponse<ExecutionStatus>> cancel(@RestPath String id, @Context RoutingContext routing) {
        return known(id, Authentication.subject(routing)).onItem().transformToUni(status -> !status.status().running()
                ? Uni.createFrom().item(false)
                : executions.cancel(id, "cancelled by DELETE " + PATH + "/" + id))
                .onItem().transformToUni(cancelled -> !cancelled
                        ? Uni.createFrom().item(RestResponse.<ExecutionStatus> noContent())
                        : store.status(id).map(now -> RestResponse.ResponseBuilder.<ExecutionStatus> create(
                                RestResponse.Status.ACCEPTED).entity(now).build()));
    }

    /** The execution, if it exists and the caller may see it (with authentication, its own); else a 404. */
    private Uni<ExecutionStatus> known(String id, String caller) {
        return store.status(id).map(status -> status != null && status.query().visibleTo(caller) ? status : null)
                .onItem().ifNull().failWith(() -> notFound(id));
    }

    static ProblemException notFound(String id) {
        return new ProblemException(Problem.of("execution-not-found", "Not found", 404, "no execution " + id + ", or it has expired"),
                null);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
