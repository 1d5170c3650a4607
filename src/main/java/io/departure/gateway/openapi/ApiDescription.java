package io.departure.gateway.openapi;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

import io.departure.gateway.problem.Problem;
import io.departure.gateway.watch.DepartureWatch;
import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * What annotations cannot say in the OpenAPI document, added when it is built: the events of the
 * stream views (each name with its data), the headers each response sets, a problem document
 * for every error, and the answers every {@code /departure*} operation may give whatever its
 * own (401 with authentication on, 429 over a per-client limit; and the sync view's 503 when load
 * is shed).
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class ApiDescription implements OASFilter {

    static final String EVENTS = "text/event-stream";

    @Override
    public void filterOpenAPI(OpenAPI api) {
        api.getComponents().addSchema("StepEvent", stepEvent()).addSchema("DepartureEvent", departureEvent());
        for (Map.Entry<String, PathItem> path : api.getPaths().getPathItems().entrySet()) {
            if (!path.getKey().startsWith("/departure")) {
                continue;
            }
            for (Map.Entry<PathItem.HttpMethod, Operation> operation : path.getValue().getOperations().entrySet()) {
                describe(path.getKey(), operation.getKey(), operation.getValue());
            }
        }
    }

    private static void describe(String path, PathItem.HttpMethod method, Operation operation) {
        APIResponses answers = operation.getResponses();
        if (!answers.hasAPIResponse("401")) {
            answers.addAPIResponse("401", OASFactory.createAPIResponse().description(
                    "With `departure.auth.mode=jwt`: the bearer token is missing or not valid (with `WWW-Authenticate: Bearer`)"));
        }
        if (!answers.hasAPIResponse("429")) {
            answers.addAPIResponse("429", OASFactory.createAPIResponse().description(
                    "Over a per-client limit (`departure.limits.rate`: `rate-limited`; `departure.limits.streams`, for streams "
                            + "and watches: `too-many-streams`); nothing was started. `Retry-After` says when to try again"));
        }
        if (path.equals("/departure")) {
            APIResponse unavailable = answers.getAPIResponse("503");
            unavailable.description(unavailable.getDescription()
                    + "; or refused at once: the gateway is shedding load (`overloaded`, `departure.shedding.enabled`)");
        }
        Map<String, APIResponse> responses = answers.getAPIResponses();
        for (Map.Entry<String, APIResponse> response : responses.entrySet()) {
            String status = response.getKey();
            APIResponse answer = response.getValue();
            if (status.startsWith("4") || status.startsWith("5")) {
                problem(answer);
            }
            if (status.equals("429") || status.equals("503")) {
                answer.addHeader("Retry-After", header("Seconds to wait before trying again", integer()));
            }
        }
        boolean sync = path.equals("/departure");
        boolean stream = path.equals("/departure/stream");
        if (sync || stream) {
            responses.get("200").addHeader("Departure-Execution", header(
                    "The execution's id: `GET /departures/{id}` explains it for `departure.executions.retention`", string()));
        }
        if (sync) {
            responses.get("200").addHeader("X-Departure-Complete", header("`true` when every step's outcome is `ok`",
                    OASFactory.createSchema().addType(SchemaType.BOOLEAN)))
                    .addHeader("Server-Timing", header("One entry per step with its duration, ms: `flight;dur=301, forecast;dur=512`",
                            string()));
        }
        if (method == PathItem.HttpMethod.POST && responses.containsKey("202")) {
            responses.get("202").addHeader("Location", header("The execution: `/departures/{id}`", string()));
        }
        APIResponse ok = responses.get("200");
        if (ok != null && ok.getContent() != null && ok.getContent().hasMediaType(EVENTS)) {
            ok.getContent().addMediaType(EVENTS, OASFactory.createMediaType()
                    .schema(OASFactory.createSchema().ref("DepartureEvent"))
                    .example(ApiExamples.STREAM));
        }
    }

    private static void problem(APIResponse answer) {
        Content content = answer.getContent();
        if (content == null || content.getMediaTypes().isEmpty()) {
            answer.content(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                    OASFactory.createMediaType().schema(OASFactory.createSchema().ref("Problem"))));
            return;
        }
        // A problem is never plain JSON: the media type it is sent with.
        MediaType json = content.getMediaType(jakarta.ws.rs.core.MediaType.APPLICATION_JSON);
        if (json != null) {
            content.removeMediaType(jakarta.ws.rs.core.MediaType.APPLICATION_JSON);
            content.addMediaType(Problem.MEDIA_TYPE, json.schema(OASFactory.createSchema().ref("Problem")));
        }
    }

    /** The data of a {@code flight} or {@code forecast} event: a step's outcome, with its value or error. */
    private static Schema stepEvent() {
        return object("A step's outcome, as `flight` and `forecast` events carry it (`parts` in the departure say the same)")
                .addProperty("step", string().description("The step").enumeration(List.<Object>of("flight", "forecast")))
                .addProperty("outcome", string().description("How it went (see Part)")
                        .enumeration(List.<Object>of("ok", "fallback", "timeout", "failed", "circuit-open", "rejected", "skipped", "cancelled")))
                .addProperty("attempts", integer().description("Calls made to the backend, hedges included"))
                .addProperty("durationMs", integer().description("From the step's start to its outcome"))
                .addProperty("value", OASFactory.createSchema().description("The step's value (a Flight or a Forecast); absent "
                        + "without one").oneOf(List.of(OASFactory.createSchema().ref("Flight"), OASFactory.createSchema().ref("Forecast"))))
                .addProperty("error", string().description("Why it has no fresh value"))
                .addProperty("stale", OASFactory.createSchema().addType(SchemaType.BOOLEAN).description("A substitute value"))
                .addProperty("ageMs", integer().description("Age of a stale value"))
                .addProperty("shared", OASFactory.createSchema().addType(SchemaType.BOOLEAN)
                        .description("Its call shared an identical one already in flight"))
                .addProperty("hedged", OASFactory.createSchema().addType(SchemaType.BOOLEAN)
                        .description("A second attempt was sent while the first was slow"))
                .addProperty("startedMs", integer().description("When the step started, ms after the execution did"))
                .addProperty("attemptsAtMs", OASFactory.createSchema().addType(SchemaType.ARRAY).items(integer())
                        .description("When each attempt started, ms after the step did"))
                .addProperty("deadlineMs", integer().description("When the execution's deadline falls, ms after it started"))
                .required(List.of("step", "outcome", "attempts", "durationMs"));
    }

    /** One event of the stream views, by name. */
    private static Schema departureEvent() {
        return OASFactory.createSchema().description("One Server-Sent Event of the stream view and of `/departures/{id}/events`: "
                + "`event` is its name, `id` its id (`<execution>:<sequence>`; reconnect with `Last-Event-ID` to resume after it), "
                + "`data` one line of JSON. Comment lines (`: keep-alive`) keep idle connections open.")
                .oneOf(List.of(
                        frame("execution", "First: names the execution", object("The execution").addProperty("id", string())
                                .required(List.of("id"))),
                        frame("flight", "The flight step's outcome, as soon as it is known; with `watch=true`, after `departure`, "
                                + "each change of the flight (data: `{ step, outcome, value }`)", ref("StepEvent")),
                        frame("forecast", "The forecast step's outcome, as soon as it is known; with `watch=true`, after "
                                + "`departure`, each new forecast", ref("StepEvent")),
                        frame("departure", "The departure, exactly the `GET /departure` body; the stream ends here unless "
                                + "`watch=true`", ref("Departure")),
                        frame("error", "The flight failed: the problem (as `GET /departure` would answer it); the stream ends",
                                ref("Problem")),
                        frame("end", "A watch ended", object("Why").addProperty("reason", string()
                                .description("departed, cancelled, max-duration (the watch lasted `departure.watch.max-duration`) "
                                        + "or error")
                                .enumeration(List.<Object>copyOf(DepartureWatch.End.REASONS)))
                                .addProperty("detail", string()).required(List.of("reason"))),
                        frame("reconnect", "No id: the gateway closes this connection (shutting down, or before a proxy's "
                                + "limit); reconnecting with `Last-Event-ID` resumes the execution", object("Why")
                                        .addProperty("reason", string()).required(List.of("reason")))));
    }

    private static Schema frame(String event, String description, Schema data) {
        return object(description).addProperty("event", string().enumeration(List.<Object>of(event)))
                .addProperty("id", string().description("`<execution>:<sequence>`"))
                .addProperty("data", data).required(event.equals("reconnect") ? List.of("event", "data") : List.of("event", "id", "data"));
    }

    private static Header header(String description, Schema schema) {
        return OASFactory.createHeader().description(description).schema(schema);
    }

    private static Schema object(String description) {
        return OASFactory.createSchema().addType(SchemaType.OBJECT).description(description);
    }

    private static Schema string() {
        return OASFactory.createSchema().addType(SchemaType.STRING);
    }

    private static Schema integer() {
        return OASFactory.createSchema().addType(SchemaType.INTEGER);
    }

    private static Schema ref(String schema) {
        return OASFactory.createSchema().ref(schema);
    }
}
