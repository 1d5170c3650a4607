package io.departure.gateway.departure;

import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import io.departure.gateway.engine.ExecutionEngine;
import io.departure.gateway.engine.Plan;
import io.departure.gateway.engine.StepEvent;
import io.departure.gateway.flight.FlightStep;
import io.departure.gateway.forecast.ForecastStep;
import io.smallrye.mutiny.Multi;

/** Turns a departure query into a plan (flight, then or alongside forecast) and runs it. */
@ApplicationScoped
public class DepartureService {

    /** The steps of a departure, in the order its parts are listed. */
    public static final List<String> STEPS = List.of(FlightStep.NAME, ForecastStep.NAME);

    /** Per-attempt timeouts a view sets; null keeps the backend's own. */
    public record Timeouts(Duration flight, Duration forecast) {
        public static final Timeouts BACKEND_DEFAULTS = new Timeouts(null, null);
    }

    private final ExecutionEngine engine;
    private final FlightStep flight;
    private final ForecastStep forecast;

    DepartureService(ExecutionEngine engine, FlightStep flight, ForecastStep forecast) {
        this.engine = engine;
        this.flight = flight;
        this.forecast = forecast;
    }

    /** One execution per subscription: the step events in the order the steps finish. */
    public Multi<StepEvent> execute(DepartureQuery query, Duration deadline, Timeouts timeouts) {
        Plan plan = Plan.of(
                flight.step(query.flightId(), query.localDate(), timeouts.flight()),
                forecast.step(query.fromAirport(), query.localDate(), timeouts.forecast()));
        return ExecutionEngine.outcomes(engine.execute(plan, deadline));
    }
}
