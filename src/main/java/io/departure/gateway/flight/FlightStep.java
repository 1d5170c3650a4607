package io.departure.gateway.flight;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.Validator;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.departure.gateway.engine.Step;
import io.departure.gateway.engine.StepContext;
import io.departure.gateway.engine.StepFailure;
import io.departure.gateway.upstream.BackendGuard;
import io.departure.gateway.upstream.Failures;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** The flight step: a guarded call to the flight service. The flight is always required. */
@ApplicationScoped
public class FlightStep {

    public static final String NAME = "flight";

    private final FlightClient client;
    private final FlightUpdatesClient updates;
    private final FlightConfig config;
    private final Validator validator;
    private final ObjectMapper mapper;
    private final BackendGuard guard;

    FlightStep(@RestClient FlightClient client, @RestClient FlightUpdatesClient updates, FlightConfig config, Validator validator,
            ObjectMapper mapper) {
        this.client = client;
        this.updates = updates;
        this.mapper = mapper;
        this.config = config;
        this.validator = validator;
        this.guard = new BackendGuard(NAME, config);
    }

    public BackendGuard guard() {
        return guard;
    }

    /** Registers a subscription to the flight's updates; not retried, since a POST is not idempotent. */
    public Uni<Subscription> subscribe(StepContext context, String id, LocalDate date) {
        return guard.call(context.deadline(), context::attemptStarted, config.timeout(),
                budget -> client.subscribe(id, date.toString(), budget.toMillis())
                        .map(subscription -> Failures.requireValid(NAME, subscription, validator)),
                failure -> Failures.classify(NAME, "flight " + id + " does not exist on " + date, failure), false);
    }

    /** The subscription's flight updates, decoded and checked like any flight answer. */
    public Multi<Flight> updates(String id, Subscription subscription) {
        return updates.updates(id, subscription.id())
                .filter(event -> NAME.equals(event.name()))
                .map(event -> decode(event.data()))
                .onFailure(f -> !(f instanceof StepFailure))
                .transform(failure -> Failures.classify(NAME, "subscription " + subscription.id() + " does not exist", failure));
    }

    /** Releases a subscription; one that is already gone counts as released. */
    public Uni<Void> unsubscribe(String id, Subscription subscription) {
        return client.unsubscribe(id, subscription.id(), config.timeout().toMillis())
                .ifNoItem().after(config.timeout()).failWith(() -> new StepFailure(StepFailure.Kind.TIMEOUT,
                        "releasing subscription " + subscription.id() + " timed out"))
                .onFailure(WebApplicationException.class).recoverWithUni(failure -> {
                    int status = ((WebApplicationException) failure).getResponse().getStatus();
                    return status == 404 ? Uni.createFrom().voidItem() : Uni.createFrom().failure(failure);
                });
    }

    private Flight decode(String json) {
        try {
            return Failures.requireValid(NAME, json == null ? null : mapper.readValue(json, Flight.class), validator);
        } catch (JsonProcessingException e) {
            throw Failures.classify(NAME, "", e);
        }
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
