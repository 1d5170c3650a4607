package io.departure.gateway.flight;

import static io.departure.gateway.backend.Client.encode;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import io.departure.gateway.departure.DepartureStep;
import io.departure.gateway.departure.Fact;
import io.departure.gateway.departure.Facts;
import io.departure.gateway.departure.Follower;
import io.departure.gateway.engine.Step;
import io.departure.gateway.engine.StepContext;
import io.departure.gateway.engine.StepFailure;
import io.departure.gateway.backend.Backend;
import io.departure.gateway.backend.Backends;
import io.departure.gateway.backend.Call;
import io.departure.gateway.backend.Failures;
import io.departure.gateway.backend.ServerSentEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;

/**
 * The flight: a guarded call to the flight service, always required; it tells its origin to
 * the steps that need the airport. Watched, it holds a subscription at the flight service
 * (released however the watch ends) and relays the subscription's updates until the flight
 * departs or is cancelled.
 */
@ApplicationScoped
public class FlightStep implements DepartureStep<Flight>, Follower<Flight> {

    public static final String NAME = "flight";
    /** The watch's lease at the flight service. */
    static final String SUBSCRIPTION = "subscription";

    private static final Set<String> FINAL = Set.of("DEPARTED", "CANCELLED");

    private final Backend backend;
    private final ObjectReader flights;

    FlightStep(Backends backends, FlightConfig config, ObjectMapper mapper) {
        this.backend = backends.open(NAME, config);
        this.flights = mapper.readerFor(Flight.class);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int position() {
        return 10;
    }

    @Override
    public Class<Flight> type() {
        return Flight.class;
    }

    @Override
    public boolean required() {
        return true;
    }

    @Override
    public Set<Fact> needs() {
        return Set.of(Fact.FLIGHT, Fact.DATE);
    }

    @Override
    public Map<Fact, Function<Flight, String>> tells() {
        return Map.of(Fact.AIRPORT, Flight::origin);
    }

    @Override
    public Backend backend() {
        return backend;
    }

    @Override
    public Uni<Flight> fetch(StepContext context, Facts facts, Duration attemptTimeout) {
        String id = facts.flight();
        LocalDate date = facts.date();
        String path = "/flights/" + encode(id) + "?date=" + date;
        return backend.call(Call.of(context, attemptTimeout, notFound(id, date)).sharedAs("GET " + path),
                (http, budget) -> http.get(path, budget, Flight.class)
                        .map(flight -> Failures.requireValid(NAME, flight)));
    }

    private static String notFound(String id, LocalDate date) {
        return "flight " + id + " does not exist on " + date;
    }

    @Override
    public Follower<Flight> follower() {
        return this;
    }

    @Override
    public boolean ends() {
        return true;
    }

    @Override
    public String finalState(Flight flight) {
        return flight != null && FINAL.contains(flight.status()) ? flight.status().toLowerCase(Locale.ROOT) : null;
    }

    @Override
    public List<Step<?>> setup(Facts facts) {
        String id = facts.flight();
        return List.of(Step.<Subscription>of(SUBSCRIPTION, true, List.of(), context -> subscribe(context, id, facts.date()))
                .withRelease(subscription -> unsubscribe(id, subscription)));
    }

    @Override
    public List<String> compensable() {
        return List.of(SUBSCRIPTION);
    }

    /** Follows the subscription's updates until the flight departs or is cancelled. */
    @Override
    public Uni<String> follow(StepContext context, Facts facts, Flight sent) {
        String id = facts.flight();
        Subscription subscription = context.input(SUBSCRIPTION, Subscription.class);
        return updates(context, id, subscription)
                .invoke(context::publish)
                .select().where(flight -> finalState(flight) != null)
                .toUni()
                .onItem().ifNull().failWith(() -> new StepFailure(StepFailure.Kind.UPSTREAM,
                        "the flight's updates ended before it departed"))
                .map(this::finalState);
    }

    /** Registers a subscription to the flight's updates; not retried, since a POST is not idempotent. */
    private Uni<Subscription> subscribe(StepContext context, String id, LocalDate date) {
        return backend.call(Call.of(context, backend.timeout(), notFound(id, date)).once(),
                (http, budget) -> http.json(HttpMethod.POST, "/flights/" + encode(id) + "/subscriptions?date=" + date, budget,
                        Subscription.class)
                        .map(subscription -> Failures.requireValid(NAME, subscription)));
    }

    /** The subscription's flight updates, decoded and checked like any flight answer. */
    private Multi<Flight> updates(StepContext context, String id, Subscription subscription) {
        String gone = "subscription " + subscription.id() + " does not exist";
        return backend.call(Call.of(context, backend.timeout(), gone).once(),
                (http, budget) -> http.events("/flights/" + encode(id) + "/subscriptions/" + encode(subscription.id()) + "/events",
                        budget, context.deadline().remaining()))
                .onItem().transformToMulti(events -> events)
                .filter(event -> NAME.equals(event.name()))
                .map(this::decode)
                .onFailure(failure -> !(failure instanceof StepFailure))
                .transform(failure -> Failures.classify(NAME, gone, failure));
    }

    /** Releases a subscription; one that is already gone counts as released. */
    private Uni<Void> unsubscribe(String id, Subscription subscription) {
        return backend.call(Call.release(backend.timeout(), "subscription " + subscription.id() + " is gone"),
                (http, budget) -> http.json(HttpMethod.DELETE,
                        "/flights/" + encode(id) + "/subscriptions/" + encode(subscription.id()), budget, Void.class))
                .onFailure(failure -> failure instanceof StepFailure f && f.kind() == StepFailure.Kind.NOT_FOUND)
                .recoverWithNull()
                .replaceWithVoid();
    }

    private Flight decode(ServerSentEvent event) {
        try {
            return Failures.requireValid(NAME, event.data() == null ? null : flights.readValue(event.data()));
        } catch (JsonProcessingException e) {
            throw Failures.classify(NAME, "", e);
        }
    }
}
