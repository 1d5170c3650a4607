package io.departure.gateway.openapi;

import static io.departure.gateway.openapi.Schemas.bool;
import static io.departure.gateway.openapi.Schemas.header;
import static io.departure.gateway.openapi.Schemas.integer;
import static io.departure.gateway.openapi.Schemas.string;

import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

import io.departure.gateway.problem.Problem;
import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * What annotations cannot say in the OpenAPI document, added when it is built: the events of the
 * stream views (each name with its data, see {@link EventSchemas}), the headers each response
 * sets, a problem document for every error, and the answers every {@code /departure*} operation
 * may give whatever its own (401 with authentication on, 429 over a per-client limit; and the sync
 * view's 503 when load is shed). The steps' own parts are {@link StepsDescription}'s.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class ApiDescription implements OASFilter {

    static final String EVENTS = "text/event-stream";

    @Override
    public void filterOpenAPI(OpenAPI api) {
        api.getComponents().addSchema(EventSchemas.STEP_EVENT, EventSchemas.stepEvent())
                .addSchema(EventSchemas.DEPARTURE_EVENT, EventSchemas.departureEvent())
                .addSchema(EventSchemas.REDRIVE, EventSchemas.redrive());
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
            responses.get("200").addHeader("X-Departure-Complete", header("`true` when every step's outcome is `ok`", bool()))
                    .addHeader("Server-Timing", header("One entry per step with its duration, ms: `flight;dur=301, forecast;dur=512`",
                            string()));
        }
        if (method == PathItem.HttpMethod.POST && responses.containsKey("202")) {
            responses.get("202").addHeader("Location", header("The execution: `/departures/{id}`", string()));
        }
        APIResponse ok = responses.get("200");
        if (ok != null && ok.getContent() != null && ok.getContent().hasMediaType(EVENTS)) {
            ok.getContent().addMediaType(EVENTS, OASFactory.createMediaType()
                    .schema(Schemas.ref(EventSchemas.DEPARTURE_EVENT))
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
}
