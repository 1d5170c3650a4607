package io.departure.gateway.departure;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonValue;

import io.departure.gateway.engine.Outcome;
import io.departure.gateway.engine.StepEvent;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The merged departure document: each step's value under the step's name (null when it has
 * none), whether every step was {@code ok}, and how each part went.
 */
@RegisterForReflection
@Schema(description = "The departure: one member per step, named after it, with its value or null (the steps and their values "
        + "are this gateway's: see StepEvent), then complete and parts")
public record Departure(@JsonIgnore Map<String, Object> values,
        @Schema(required = true, description = "True only when every step's outcome is ok") boolean complete,
        @Schema(required = true, description = "How each step went, by step name") Map<String, Part> parts) {

    /** Merges the events of one execution, listing values and parts in {@code planOrder}. */
    public static Departure of(List<String> planOrder, List<StepEvent> events) {
        Map<String, Object> values = new LinkedHashMap<>();
        Map<String, Part> parts = new LinkedHashMap<>();
        boolean complete = true;
        for (String step : planOrder) {
            StepEvent event = first(events, step);
            values.put(step, event == null ? null : event.value());
            if (event != null) {
                parts.put(step, Part.of(event));
            }
            complete &= event != null && event.outcome() == Outcome.OK;
        }
        return new Departure(Collections.unmodifiableMap(values), complete, Collections.unmodifiableMap(parts));
    }

    /** The same departure with newer values of some parts (a watch's latest), its parts as they were. */
    public Departure withValues(Map<String, Object> newer) {
        if (newer.isEmpty()) {
            return this;
        }
        Map<String, Object> merged = new LinkedHashMap<>(values);
        merged.putAll(newer);
        return new Departure(Collections.unmodifiableMap(merged), complete, parts);
    }

    /** The value of one step, or null when it has none. */
    public <T> T value(String step, Class<T> type) {
        return type.cast(values.get(step));
    }

    /** The document as it is sent: the values by step, then {@code complete} and {@code parts}. */
    @JsonValue
    Map<String, Object> document() {
        Map<String, Object> document = new LinkedHashMap<>(values);
        document.put("complete", complete);
        document.put("parts", parts);
        return document;
    }

    /** The {@code Server-Timing} header value: one entry per step. */
    public String serverTiming() {
        StringBuilder timing = new StringBuilder(24 * parts.size());
        for (Map.Entry<String, Part> part : parts.entrySet()) {
            if (timing.length() > 0) {
                timing.append(", ");
            }
            timing.append(part.getKey()).append(";dur=").append(part.getValue().durationMs());
        }
        return timing.toString();
    }

    /** The first event of {@code step} (a plan has a few steps: a scan is cheaper than a map). */
    private static StepEvent first(List<StepEvent> events, String step) {
        for (StepEvent event : events) {
            if (event.step().equals(step)) {
                return event;
            }
        }
        return null;
    }
}
