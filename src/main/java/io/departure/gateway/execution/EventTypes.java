package io.departure.gateway.execution;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.departure.gateway.departure.Departure;
import io.departure.gateway.departure.DepartureService;
import io.departure.gateway.departure.DepartureStep;
import io.departure.gateway.departure.Part;
import io.departure.gateway.engine.Outcome;
import io.departure.gateway.engine.StepEvent;
import io.departure.gateway.engine.StepUpdate;
import io.departure.gateway.problem.Problem;
import io.departure.gateway.watch.DepartureWatch;

/**
 * The events an execution stores and the type of each one's data, by name: its first event,
 * each step's outcome (or, once the departure is sent, the step's updates), the departure, the
 * problem that failed it, the watch's end, and each redrive. Values are typed through the registered steps.
 */
@ApplicationScoped
class EventTypes {

    static final String DEPARTURE = "departure";
    static final String ERROR = "error";
    static final String END = "end";

    private static final TypeReference<LinkedHashMap<String, Part>> PARTS = new TypeReference<>() {
    };
    private static final TypeReference<LinkedHashMap<String, Object>> FIRST = new TypeReference<>() {
    };

    @Produces
    @Singleton
    EventCodec codec(ObjectMapper json, DepartureService departures) {
        return new EventCodec(json, readers(json, departures.steps()));
    }

    /** The readers of every event an execution with these steps stores. */
    static Map<String, EventCodec.Reader> readers(ObjectMapper json, List<DepartureStep<?>> steps) {
        Map<String, DepartureStep<?>> byName = new HashMap<>();
        steps.forEach(step -> byName.put(step.name(), step));
        Map<String, EventCodec.Reader> readers = new HashMap<>();
        readers.put(ExecutionStore.FIRST, data -> json.convertValue(data, FIRST));
        readers.put(DEPARTURE, data -> departure(json, byName, data));
        readers.put(ERROR, data -> json.convertValue(data, Problem.class));
        readers.put(END, data -> json.convertValue(data, DepartureWatch.End.class));
        readers.put(Redrive.EVENT, data -> json.convertValue(data, Redrive.class));
        for (DepartureStep<?> step : steps) {
            readers.put(step.name(), data -> data.has("attempts") ? outcome(json, step, data)
                    : new StepUpdate(step.name(), value(json, step, data.get("value"))));
        }
        return readers;
    }

    private static StepEvent outcome(ObjectMapper json, DepartureStep<?> step, JsonNode event) {
        return new StepEvent(step.name(), Outcome.of(event.path("outcome").asText()), event.path("attempts").asInt(),
                event.path("durationMs").asLong(), value(json, step, event.get("value")), text(event.get("error")),
                flag(event.get("stale")), number(event.get("ageMs")), flag(event.get("shared")), flag(event.get("hedged")),
                number(event.get("startedMs")), attemptsAt(event.get("attemptsAtMs")), number(event.get("deadlineMs")),
                step.required(), null);
    }

    /** The document's members in the order they were written: each step's value, then {@code complete} and {@code parts}. */
    private static Departure departure(ObjectMapper json, Map<String, DepartureStep<?>> steps, JsonNode document) {
        if (!document.isObject()) {
            throw new IllegalArgumentException("a departure is an object");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        document.fields().forEachRemaining(member -> {
            String name = member.getKey();
            if (!"complete".equals(name) && !"parts".equals(name)) {
                DepartureStep<?> step = steps.get(name);
                values.put(name, step == null ? nullable(member.getValue()) : value(json, step, member.getValue()));
            }
        });
        Map<String, Part> parts = json.convertValue(document.get("parts"), PARTS);
        return new Departure(Collections.unmodifiableMap(values), document.path("complete").asBoolean(),
                Collections.unmodifiableMap(parts == null ? Map.of() : parts));
    }

    private static Object value(ObjectMapper json, DepartureStep<?> step, JsonNode value) {
        return value == null || value.isNull() ? null : json.convertValue(value, step.type());
    }

    private static JsonNode nullable(JsonNode value) {
        return value.isNull() ? null : value;
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    private static Boolean flag(JsonNode node) {
        return node == null || node.isNull() ? null : node.asBoolean();
    }

    private static Long number(JsonNode node) {
        return node == null || node.isNull() ? null : node.asLong();
    }

    private static List<Long> attemptsAt(JsonNode at) {
        if (at == null || !at.isArray()) {
            return null;
        }
        List<Long> starts = new ArrayList<>(at.size());
        at.forEach(start -> starts.add(start.asLong()));
        return starts;
    }
}
