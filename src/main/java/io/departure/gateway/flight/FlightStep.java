package io.departure.gateway.flight;

import static io.departure.gateway.backend.Client.encode;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import io.departure.gateway.departure.DepartureStep;
import io.departure.gateway.departure.Fact;
import io.departure.gateway.departure.Facts;
import io.departure.gateway.departure.Follower;
import io.departure.gateway.engine.Backoff;
import io.departure.gateway.engine.Step;
import io.departure.gateway.engine.StepContext;
import io.departure.gateway.backend.Backend;
import io.departure.gateway.backend.Backends;
import io.departure.gateway.backend.Call;
import io.departure.gateway.backend.Failures;
import io.departure.gateway.backend.RetryConfig;
import io.smallrye.mutiny.Uni;

/**
 * The flight: a guarded call to the flight service, always required; it tells its origin to
 * the steps that need the airport. Watched, it holds a subscription at the flight service, made
 * under the execution's idempotency key (so a retry or a takeover finds it) and released however
 * the watch ends, and relays its updates until the flight departs or is cancelled, however often
 * the update stream drops or the service loses the subscription meanwhile.
 */
@Singleton
public class FlightStep implements DepartureStep<Flight>, Follower<Flight> {

    public static final String NAME = "flight";
    /** The watch's lease at the flight service. */
    static final String SUBSCRIPTION = "subscription";

    private static final Set<String> FINAL = Set.of("DEPARTED", "CANCELLED");

    private final Backend backend;
    private final ObjectReader flights;
    /** The wait before a watch opens its update stream again: the flight's retry backoff, growing longer. */
    private final Backoff reconnects;

    FlightStep(Backends backends, FlightConfig config, RetryConfig retry, ObjectMapper mapper) {
        this.backend = backends.open(NAME, config);
        this.flights = mapper.readerFor(Flight.class);
        this.reconnects = new Backoff(config.retry().initialBackoff(), UpdateStream.LONGEST_WAIT, retry.jitter());
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

    static String notFound(String id, LocalDate date) {
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
    public List<Step<?>> setup(Facts facts, String execution) {
        String id = facts.flight();
        LocalDate date = facts.date();
        String key = execution + ":" + SUBSCRIPTION;
        return List.of(Step.<Subscriptions>of(SUBSCRIPTION, true, List.of(),
                context -> calls(context, id, date).subscribe(key).map(first -> new Subscriptions(key, first)))
                .withRelease(subscriptions -> release(id, subscriptions)));
    }

    @Override
    public List<String> compensable() {
        return List.of(SUBSCRIPTION);
    }

    /** Follows the subscription's updates until the flight departs or is cancelled, however often the stream drops. */
    @Override
    public Uni<String> follow(StepContext context, Facts facts, Flight sent) {
        Subscriptions subscriptions = context.input(SUBSCRIPTION, Subscriptions.class);
        return new UpdateStream(calls(context, facts.flight(), facts.date()), subscriptions, reconnects,
                flight -> finalState(flight) != null, context::publish)
                .follow()
                .map(this::finalState);
    }

    private SubscriptionCalls calls(StepContext context, String id, LocalDate date) {
        return new SubscriptionCalls(backend, flights, context, id, date);
    }

    /** Releases every subscription the watch made, each retried by the compensation until released or gone. */
    private Uni<Void> release(String id, Subscriptions subscriptions) {
        List<Uni<Void>> releases = subscriptions.all().stream()
                .map(subscription -> SubscriptionCalls.release(backend, id, subscription)).toList();
        return Uni.join().all(releases).andCollectFailures().replaceWithVoid();
    }
}
