package io.departure.gateway.flight;

import static io.departure.gateway.upstream.BackendHttp.encode;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.departure.gateway.engine.Step;
import io.departure.gateway.engine.StepContext;
import io.departure.gateway.engine.StepFailure;
import io.departure.gateway.upstream.BackendGuard;
import io.departure.gateway.upstream.BackendHttp;
import io.departure.gateway.upstream.Backends;
import io.departure.gateway.upstream.Failures;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;

/** The flight step: a guarded call to the flight service. The flight is always required. */
@ApplicationScoped
public class FlightStep {

    public static final String NAME = "flight";

    private final FlightUpdatesClient updates;
    private final FlightConfig config;
    private final ObjectMapper mapper;
    private final BackendGuard guard;
    private final BackendHttp http;

    private final FlightRestClient rest;
    private final boolean useRest = "rest".equals(System.getenv("DEPARTURE_BENCH_CLIENT"));

    FlightStep(Backends backends, @RestClient FlightUpdatesClient updates, @RestClient FlightRestClient rest, FlightConfig config, ObjectMapper mapper) {
        this.rest = rest;
        this.http = backends.client(NAME, config.http2());
        this.updates = updates;
        this.mapper = mapper;
        this.config = config;
        this.guard = new BackendGuard(NAME, config);
    }

    public BackendGuard guard() {
        return guard;
    }

    /** Registers a subscription to the flight's updates; not retried, since a POST is not idempotent. */
    public Uni<Subscription> subscribe(StepContext context, String id, LocalDate date) {
        return guard.call(context.deadline(), context::attemptStarted, config.timeout(),
                budget -> http.call(HttpMethod.POST, "/flights/" + encode(id) + "/subscriptions?date=" + date, budget, Subscription.class)
                        .map(subscription -> Failures.requireValid(NAME, subscription)),
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
        return http.call(HttpMethod.DELETE, "/flights/" + encode(id) + "/subscriptions/" + encode(subscription.id()),
                config.timeout(), Void.class)
                .ifNoItem().after(config.timeout()).failWith(() -> new StepFailure(StepFailure.Kind.TIMEOUT,
                        "releasing subscription " + subscription.id() + " timed out"))
                .onFailure(f -> f instanceof BackendHttp.UnexpectedStatus unexpected && unexpected.status() == 404)
                .recoverWithItem(() -> null)
                .replaceWithVoid();
    }

    private Flight decode(String json) {
        try {
            return Failures.requireValid(NAME, json == null ? null : mapper.readValue(json, Flight.class));
        } catch (JsonProcessingException e) {
            throw Failures.classify(NAME, "", e);
        }
    }

    /** The step for one flight, with the backend's attempt timeout unless the view sets one. */
    public Step<Flight> step(String id, LocalDate date, Duration attemptTimeout) {
        String notFound = "flight " + id + " does not exist on " + date;
        return Step.of(NAME, true, List.of(), context -> guard.call(context, attemptTimeout == null ? config.timeout() : attemptTimeout,
                budget -> (useRest ? rest.flight(id, date.toString(), budget.toMillis()) : http.get("/flights/" + encode(id) + "?date=" + date, budget, Flight.class))
                        .map(flight -> Failures.requireValid(NAME, flight)),
                failure -> Failures.classify(NAME, notFound, failure)));
    }
}
