package io.departure.gateway.departure;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.departure.gateway.engine.Outcome;
import io.departure.gateway.engine.StepEvent;
import io.departure.gateway.flight.Flight;
import io.departure.gateway.flight.FlightStep;
import io.departure.gateway.forecast.Forecast;
import io.departure.gateway.forecast.ForecastStep;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The merged departure document: each step's value (null when it has none), whether every
 * step was {@code ok}, and how each part went.
 */
@RegisterForReflection
public record Departure(Flight flight, Forecast forecast, boolean complete, Map<String, Part> parts) {

    /** Merges the events of one execution, listing parts in plan order. */
    public static Departure of(List<String> planOrder, List<StepEvent> events) {
        Map<String, StepEvent> byStep = events.stream().collect(Collectors.toMap(StepEvent::step, e -> e, (a, b) -> a));
        Map<String, Part> parts = new LinkedHashMap<>();
        for (String step : planOrder) {
            StepEvent event = byStep.get(step);
            if (event != null) {
                parts.put(step, Part.of(event));
            }
        }
        boolean complete = parts.size() == planOrder.size()
                && parts.values().stream().allMatch(part -> part.outcome() == Outcome.OK);
        return new Departure(
                (Flight) valueOf(byStep.get(FlightStep.NAME)),
                (Forecast) valueOf(byStep.get(ForecastStep.NAME)),
                complete,
                Collections.unmodifiableMap(parts));
    }

    private static Object valueOf(StepEvent event) {
        return event == null ? null : event.value();
    }

    /** The {@code Server-Timing} header value: one entry per step. */
    public String serverTiming() {
        return parts.entrySet().stream()
                .map(e -> e.getKey() + ";dur=" + e.getValue().durationMs())
                .collect(Collectors.joining(", "));
    }
}
