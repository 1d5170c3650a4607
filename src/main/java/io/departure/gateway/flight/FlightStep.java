package io.departure.gateway.flight;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.Validator;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.departure.gateway.engine.Step;
import io.departure.gateway.upstream.BackendGuard;
import io.departure.gateway.upstream.Failures;

/** The flight step: a guarded call to the flight service. The flight is always required. */
@ApplicationScoped
public class FlightStep {

    public static final String NAME = "flight";

    private final FlightClient client;
    private final FlightConfig config;
    private final Validator validator;
    private final BackendGuard guard;

    FlightStep(@RestClient FlightClient client, FlightConfig config, Validator validator) {
        this.client = client;
        this.config = config;
        this.validator = validator;
        this.guard = new BackendGuard(NAME, config);
    }

    public BackendGuard guard() {
        return guard;
    }

    /** The step for one flight, with the backend's attempt timeout unless the view sets one. */
    public Step<Flight> step(String id, LocalDate date, Duration attemptTimeout) {
        String notFound = "flight " + id + " does not exist on " + date;
        return Step.of(NAME, true, List.of(), context -> guard.call(context, attemptTimeout == null ? config.timeout() : attemptTimeout,
                budget -> client.flight(id, date.toString(), budget.toMillis())
                        .map(flight -> Failures.requireValid(NAME, flight, validator)),
                failure -> Failures.classify(NAME, notFound, failure)));
    }
}
