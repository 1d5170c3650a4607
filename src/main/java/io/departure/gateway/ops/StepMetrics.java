package io.departure.gateway.ops;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.departure.gateway.engine.StepEvent;
import io.departure.gateway.flight.FlightStep;
import io.departure.gateway.forecast.ForecastStep;
import io.departure.gateway.upstream.BackendGuard;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.Startup;
import io.micrometer.core.instrument.Timer;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;

/**
 * Step metrics: a latency histogram per step and outcome ({@code departure_step_duration_seconds},
 * whose {@code _count} series count outcomes) and each backend's circuit breaker state
 * ({@code departure_circuit_state}: 0 closed, 1 half-open, 2 open).
 */
@Startup
@ApplicationScoped
public class StepMetrics {

    private final MeterRegistry registry;

    StepMetrics(MeterRegistry registry, CircuitBreakerMaintenance breakers, FlightStep flight, ForecastStep forecast) {
        this.registry = registry;
        for (BackendGuard guard : new BackendGuard[] { flight.guard(), forecast.guard() }) {
            registry.gauge("departure.circuit.state", Tags.of("backend", guard.name()), breakers,
                    b -> stateValue(b.currentState(guard.name())));
        }
    }

    void record(StepEvent event) {
        Timer.builder("departure.step.duration")
                .description("Duration of departure steps by outcome")
                .tag("step", event.step())
                .tag("outcome", event.outcome().label())
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(1))
                .register(registry)
                .record(Duration.ofMillis(event.durationMs()));
    }

    private static double stateValue(CircuitBreakerState state) {
        return switch (state) {
            case CLOSED -> 0;
            case HALF_OPEN -> 1;
            case OPEN -> 2;
        };
    }
}
