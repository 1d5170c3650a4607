package io.departure.gateway.openapi;

import static io.departure.gateway.openapi.Schemas.bool;
import static io.departure.gateway.openapi.Schemas.frame;
import static io.departure.gateway.openapi.Schemas.integer;
import static io.departure.gateway.openapi.Schemas.object;
import static io.departure.gateway.openapi.Schemas.ref;
import static io.departure.gateway.openapi.Schemas.string;

import java.util.List;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;

import io.departure.gateway.watch.DepartureWatch;

/**
 * The events of the stream views as far as they are the same whatever the backends: a step's
 * outcome ({@code StepEvent}) and every event that is not a step's ({@code DepartureEvent}).
 * {@link StepsDescription} adds each registered step's name, value and event at start-up.
 */
final class EventSchemas {

    static final String STEP_EVENT = "StepEvent";
    static final String DEPARTURE_EVENT = "DepartureEvent";
    static final String REDRIVE = "Redrive";

    private EventSchemas() {
    }

    /** The data of a step's event: its outcome, with its value or error. */
    static Schema stepEvent() {
        return object("A step's outcome, as its event carries it (`parts` in the departure say the same)")
                .addProperty("step", string().description("The step: the event's name"))
                .addProperty("outcome", string().description("How it went (see Part)")
                        .enumeration(List.<Object>of("ok", "fallback", "timeout", "failed", "circuit-open", "rejected", "skipped", "cancelled")))
                .addProperty("attempts", integer().description("Calls made to the backend, hedges included"))
                .addProperty("durationMs", integer().description("From the step's start to its outcome"))
                .addProperty("value", OASFactory.createSchema().description("The step's value; absent without one"))
                .addProperty("error", string().description("Why it has no fresh value"))
                .addProperty("stale", bool().description("A substitute value"))
                .addProperty("ageMs", integer().description("Age of a stale value"))
                .addProperty("shared", bool().description("Its call shared an identical one already in flight"))
                .addProperty("hedged", bool().description("A second attempt was sent while the first was slow"))
                .addProperty("startedMs", integer().description("When the step started, ms after the execution did"))
                .addProperty("attemptsAtMs", OASFactory.createSchema().addType(SchemaType.ARRAY).items(integer())
                        .description("When each attempt started, ms after the step did"))
                .addProperty("deadlineMs", integer().description("When the execution's deadline falls, ms after it started"))
                .required(List.of("step", "outcome", "attempts", "durationMs"));
    }

    /** The data of a {@code redrive} event. */
    static Schema redrive() {
        return object("An execution that had ended PARTIAL or FAILED runs again: the events of its new run follow")
                .addProperty("number", integer().description("The redrive's number, 1 for the first (the status document's "
                        + "`redriveCount`)"))
                .addProperty("previousStatus", string().description("How the run before it ended")
                        .enumeration(List.<Object>of("PARTIAL", "FAILED")))
                .required(List.of("number", "previousStatus"));
    }

    /** One event of the stream views, by name: the steps' events come after {@code execution}. */
    static Schema departureEvent() {
        return OASFactory.createSchema().description("One Server-Sent Event of the stream view and of `/departures/{id}/events`: "
                + "`event` is its name, `id` its id (`<execution>:<sequence>`; reconnect with `Last-Event-ID` to resume after it), "
                + "`data` one line of JSON. Comment lines (`: keep-alive`) keep idle connections open.")
                .oneOf(List.of(
                        frame("execution", "First: names the execution", object("The execution").addProperty("id", string())
                                .required(List.of("id"))),
                        frame("departure", "The departure, exactly the `GET /departure` body; the stream ends here unless "
                                + "`watch=true`", ref("Departure")),
                        frame("error", "The flight failed: the problem (as `GET /departure` would answer it); the stream ends",
                                ref("Problem")),
                        frame("end", "A watch ended", object("Why").addProperty("reason", string()
                                .description("departed, cancelled, max-duration (the watch lasted `departure.watch.max-duration`) "
                                        + "or error")
                                .enumeration(List.<Object>copyOf(DepartureWatch.End.REASONS)))
                                .addProperty("detail", string()).required(List.of("reason"))),
                        frame("redrive", "Only in an execution's events: it had ended PARTIAL or FAILED and runs again "
                                + "(`POST /departures/{id}/redrive`); the steps that were not ok follow, then its new end",
                                ref(REDRIVE)),
                        frame("watch", "A watch's backend dropped its update stream and it was opened again (the updates go on, "
                                + "none sent twice)", object("What happened").addProperty("step", string()
                                        .description("The followed part whose backend reconnected"))
                                .addProperty("state", string().enumeration(List.<Object>of("reconnected")))
                                .addProperty("attempts", integer())
                                .addProperty("resubscribed", bool()
                                        .description("The backend had lost the subscription, so it was made again"))
                                .addProperty("cause", string()).required(List.of("step", "state"))),
                        frame("reconnect", "No id: the gateway closes this connection (shutting down, or before a proxy's "
                                + "limit); reconnecting with `Last-Event-ID` resumes the execution", object("Why")
                                        .addProperty("reason", string()).required(List.of("reason")))));
    }
}
