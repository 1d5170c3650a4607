package io.departure.gateway.observability;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.util.List;

import io.departure.gateway.departure.DepartureStep;
import io.quarkus.arc.All;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

/**
 * Reports each backend's circuit state on the readiness endpoint, and stays up while a circuit
 * is open: taking every replica out of the load balancer because a backend is down would turn a
 * partial answer (or a fast 503) into no answer at all.
 */
@Readiness
@ApplicationScoped
public class BackendsHealth implements HealthCheck {

    private final CircuitBreakerMaintenance breakers;
    private final List<String> backends;

    BackendsHealth(CircuitBreakerMaintenance breakers, @All List<DepartureStep<?>> steps) {
        this.breakers = breakers;
        this.backends = steps.stream().map(step -> step.backend().name()).distinct().sorted().toList();
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("backends").up();
        for (String backend : backends) {
            response.withData(backend + "-circuit", breakers.currentState(backend).name().toLowerCase());
        }
        return response.build();
    }
}
