package io.departure.gateway.ops;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import io.departure.gateway.flight.FlightStep;
import io.departure.gateway.forecast.ForecastStep;
import io.departure.gateway.upstream.BackendGuard;
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
    private final BackendGuard[] guards;

    BackendsHealth(CircuitBreakerMaintenance breakers, FlightStep flight, ForecastStep forecast) {
        this.breakers = breakers;
        this.guards = new BackendGuard[] { flight.guard(), forecast.guard() };
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("backends").up();
        for (BackendGuard guard : guards) {
            response.withData(guard.name() + "-circuit", breakers.currentState(guard.name()).name().toLowerCase());
        }
        return response.build();
    }
}
