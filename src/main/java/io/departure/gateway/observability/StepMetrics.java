package io.departure.gateway.observability;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.departure.gateway.engine.EngineObserver;
import io.departure.gateway.engine.StepEvent;
import io.departure.gateway.departure.DepartureStep;
import io.departure.gateway.warmup.WarmUp;
import io.quarkus.arc.All;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.runtime.Startup;
import io.micrometer.core.instrument.Timer;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;

/**
 * Step metrics: a latency histogram per step and outcome ({@code departure_step_duration_seconds},
 * whose {@code _count} series count outcomes), each backend's circuit breaker state
 * ({@code departure_circuit_state}: 0 closed, 1 half-open, 2 open) and compensations by
 * outcome ({@code departure_compensations_total}, every compensable step's counted from zero);
 * a compensation that failed for good is logged with the step whose effect was left behind.
 */
@Startup
@ApplicationScoped
public class StepMetrics implements EngineObserver {

    private static final Logger LOG = Logger.getLogger(StepMetrics.class);

    private final MeterRegistry registry;
    private final WarmUp warmUp;
    /** Timers by step and outcome, looked up once each instead of built on every event. */
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();

    StepMetrics(MeterRegistry registry, CircuitBreakerMaintenance breakers, @All List<DepartureStep<?>> steps, WarmUp warmUp) {
        this.registry = registry;
        this.warmUp = warmUp;
        steps.stream().map(step -> step.backend().name()).distinct().forEach(backend -> Gauge
                .builder("departure.circuit.state", () -> stateValue(breakers.currentState(backend)))
                .description("Circuit breaker state by backend: 0 closed, 1 half-open, 2 open")
                .tags(Tags.of("backend", backend))
                .register(registry));
        // From zero, so that an alert on their increase sees a pod's first failure.
        steps.stream().filter(step -> step.follower() != null).flatMap(step -> step.follower().compensable().stream())
                .forEach(step -> List.of("ok", "failed").forEach(outcome -> compensations(step, outcome)));
    }

    private Counter compensations(String step, String outcome) {
        return Counter.builder("departure.compensations")
                .description("Compensations of completed steps, by outcome")
                .tag("step", step)
                .tag("outcome", outcome)
                .register(registry);
    }

    @Override
    public void compensated(String step, int attempts, Throwable failure) {
        compensations(step, failure == null ? "ok" : "failed").increment();
        if (failure == null && attempts > 1) {
            LOG.infof("compensation of step %s succeeded after %d attempts", step, attempts);
        } else if (failure != null) {
            LOG.errorf("compensation of step %s failed after %d attempts, its effect is left behind: %s", step, attempts,
                    failure.toString());
        }
    }

    @Override
    public void stepFinished(StepEvent event) {
        if (warmUp.warming()) {
            return;
        }
        timers.computeIfAbsent(event.step() + '/' + event.outcome().label(), key -> Timer.builder("departure.step.duration")
                .description("Duration of departure steps by outcome")
                .tag("step", event.step())
                .tag("outcome", event.outcome().label())
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(1))
                .register(registry))
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
