package io.departure.gateway.openapi;

import static io.departure.gateway.openapi.Schemas.frame;
import static io.departure.gateway.openapi.Schemas.object;
import static io.departure.gateway.openapi.Schemas.ref;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

import io.departure.gateway.departure.DepartureService;
import io.departure.gateway.departure.DepartureStep;
import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * Each registered step's part of the OpenAPI document: its member and part in the departure, its
 * name and value in a step's event, its event on the stream views. It runs where the steps are
 * beans, once, when the document is prepared at start-up; an example that leaves a step out
 * (recorded with other backends) is dropped rather than shown invalid.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.RUN)
@ApplicationScoped
class StepsDescription implements OASFilter {

    private final DepartureService departures;

    StepsDescription(DepartureService departures) {
        this.departures = departures;
    }

    @Override
    public void filterOpenAPI(OpenAPI api) {
        List<DepartureStep<?>> steps = departures.steps();
        Map<String, Schema> schemas = api.getComponents().getSchemas();
        Map<String, Schema> values = new LinkedHashMap<>();
        for (DepartureStep<?> step : steps) {
            values.put(step.name(), value(step, schemas));
        }
        departure(schemas.get("Departure"), values);
        stepEvent(schemas.get(EventSchemas.STEP_EVENT), values);
        List<Schema> events = new ArrayList<>(schemas.get(EventSchemas.DEPARTURE_EVENT).getOneOf());
        events.addAll(1, steps.stream().map(StepsDescription::event).toList());
        schemas.get(EventSchemas.DEPARTURE_EVENT).setOneOf(events);
        api.getPaths().getPathItems().values().forEach(path -> path.getOperations().values().forEach(operation -> operation
                .getResponses().getAPIResponses().values().forEach(answer -> examples(answer, values.keySet()))));
    }

    /** The value's own schema when the annotation scan made one (its {@code @Schema} name, else its class's simple name). */
    private static Schema value(DepartureStep<?> step, Map<String, Schema> schemas) {
        org.eclipse.microprofile.openapi.annotations.media.Schema annotation = step.type()
                .getAnnotation(org.eclipse.microprofile.openapi.annotations.media.Schema.class);
        String name = annotation == null || annotation.name().isEmpty() ? step.type().getSimpleName() : annotation.name();
        return schemas.containsKey(name) ? ref(name) : object("The " + step.name() + " step's value");
    }

    /** One member per step, in part order, before {@code complete} and {@code parts}; each always there, null without a value. */
    private static void departure(Schema departure, Map<String, Schema> values) {
        Map<String, Schema> members = new LinkedHashMap<>();
        Set<String> required = new LinkedHashSet<>(values.keySet());
        Schema parts = departure.getProperties().get("parts");
        values.forEach((step, value) -> {
            members.put(step, OASFactory.createSchema().description("The " + step + " step's value, or null when it has none")
                    .oneOf(List.of(value, OASFactory.createSchema().addType(SchemaType.NULL))));
            parts.addProperty(step, ref("Part").description("How the " + step + " step went"));
        });
        members.putAll(departure.getProperties());
        required.addAll(departure.getRequired());
        departure.setProperties(members);
        departure.setRequired(List.copyOf(required));
    }

    private static void stepEvent(Schema event, Map<String, Schema> values) {
        event.description("A step's outcome, as its event (" + values.keySet().stream().map(step -> "`" + step + "`")
                .collect(Collectors.joining(", ")) + ") carries it (`parts` in the departure say the same)");
        event.getProperties().get("step").enumeration(List.copyOf(values.keySet()));
        event.getProperties().get("value").oneOf(List.copyOf(values.values()));
    }

    private static Schema event(DepartureStep<?> step) {
        String watched = step.follower() == null ? ""
                : "; with `watch=true`, after `departure`, each new value (data: `{ step, outcome, value }`)";
        return frame(step.name(), "The " + step.name() + " step's outcome, as soon as it is known" + watched,
                ref(EventSchemas.STEP_EVENT));
    }

    /** Drops a departure or stream example that lacks one of the steps: it was recorded with other backends. */
    private static void examples(APIResponse answer, Set<String> steps) {
        if (answer.getContent() == null) {
            return;
        }
        for (MediaType media : answer.getContent().getMediaTypes().values()) {
            String schema = media.getSchema() == null || media.getSchema().getRef() == null ? "" : media.getSchema().getRef();
            if (schema.equals(Schemas.PREFIX + "Departure") && media.getExamples() != null) {
                media.getExamples().entrySet().stream().filter(example -> !(example.getValue().getValue() instanceof Map<?, ?> departure
                        && departure.keySet().containsAll(steps))).map(Map.Entry::getKey).toList().forEach(media::removeExample);
            }
            if (schema.equals(Schemas.PREFIX + EventSchemas.DEPARTURE_EVENT) && media.getExample() instanceof String stream
                    && !steps.stream().allMatch(step -> stream.contains("\nevent:" + step + "\n"))) {
                media.setExample(null);
            }
        }
    }
}
