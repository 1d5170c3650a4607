package io.departure.gateway.forecast;

import static io.departure.gateway.upstream.BackendHttp.encode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import io.departure.gateway.engine.Deadline;
import io.departure.gateway.engine.Fallback;
import io.departure.gateway.engine.Step;
import io.departure.gateway.engine.StepContext;
import io.departure.gateway.engine.StepFailure;
import io.departure.gateway.flight.Flight;
import io.departure.gateway.flight.FlightStep;
import io.departure.gateway.upstream.BackendGuard;
import io.departure.gateway.upstream.BackendHttp;
import io.departure.gateway.upstream.Backends;
import io.departure.gateway.upstream.Failures;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.cache.CaffeineCache;
import io.smallrye.mutiny.Uni;

/**
 * The forecast step: a guarded call to the forecast service for the departure airport, known
 * up front or taken from the flight. Its last good answer per airport and date is kept for
 * {@code departure.forecast.cache-ttl} and stands in, marked stale, when a fresh one fails.
 */
@ApplicationScoped
public class ForecastStep {

    public static final String NAME = "forecast";

    private record Key(String airport, LocalDate date) {
    }

    private record Stored(Forecast forecast, Instant at) {
    }

    /**
     * The last good forecast of one key. Entries are updated in place, not replaced: a replaced
     * entry of Caffeine's async cache notifies through an async executor, which on a 2-core
     * machine (common pool of parallelism 1) starts a thread per replacement.
     */
    private static final class Latest extends AtomicReference<Stored> {
    }

    private final ForecastConfig config;
    private final CaffeineCache lastGood;
    private final Clock clock;
    private final BackendGuard guard;
    private final BackendHttp http;

    private final ForecastRestClient rest;
    private final boolean useRest = "rest".equals(System.getenv("DEPARTURE_BENCH_CLIENT"));

    ForecastStep(Backends backends, @org.eclipse.microprofile.rest.client.inject.RestClient ForecastRestClient rest, ForecastConfig config, @CacheName("forecast-last-good") Cache lastGood, Clock clock) {
        this.rest = rest;
        this.http = backends.client(NAME, config.http2());
        this.config = config;
        this.lastGood = lastGood.as(CaffeineCache.class);
        this.clock = clock;
        this.guard = new BackendGuard(NAME, config);
    }

    public BackendGuard guard() {
        return guard;
    }

    /**
     * The step for one departure. With the airport known it runs at once; without it, it needs
     * the flight step and asks for the flight's origin.
     */
    public Step<Forecast> step(String airport, LocalDate date, Duration attemptTimeout) {
        Duration timeout = attemptTimeout == null ? config.timeout() : attemptTimeout;
        List<String> needs = airport == null ? List.of(FlightStep.NAME) : List.of();
        return Step.of(NAME, config.required(), needs, (StepContext context) -> {
            Key key = new Key(airportOf(context, airport), date);
            return guard.call(context, timeout,
                    budget -> call(key, budget),
                    failure -> Failures.classify(NAME, "no forecast for " + key.airport() + " on " + date, failure))
                    .invoke(forecast -> remember(key, forecast));
        }).withFallback((context, failure) -> fallback(new Key(airportOf(context, airport), date), failure));
    }

    /**
     * One guarded call outside a departure's forecast step (a watch's refresh), bounded by the
     * given deadline; a good answer is remembered as the last good forecast.
     */
    public Uni<Forecast> fetch(Deadline deadline, String airport, LocalDate date) {
        Key key = new Key(airport, date);
        return guard.call(deadline, () -> {
        }, config.timeout(),
                budget -> call(key, budget),
                failure -> Failures.classify(NAME, "no forecast for " + airport + " on " + date, failure), true)
                .invoke(forecast -> remember(key, forecast));
    }

    /** One call to the forecast service, its answer checked against the contract. */
    private Uni<Forecast> call(Key key, Duration budget) {
        return (useRest ? rest.forecast(key.airport(), key.date().toString(), budget.toMillis()) : http.get("/forecasts?airport=" + encode(key.airport()) + "&date=" + key.date(), budget, Forecast.class))
                .map(forecast -> Failures.requireValid(NAME, forecast));
    }

    private static String airportOf(StepContext context, String airport) {
        return airport != null ? airport : context.input(FlightStep.NAME, Flight.class).origin();
    }

    private void remember(Key key, Forecast forecast) {
        Stored stored = new Stored(forecast, clock.instant());
        Latest latest = latest(key);
        if (latest == null) {
            latest = new Latest();
            latest.set(stored);
            lastGood.put(key, CompletableFuture.completedFuture(latest));
        } else {
            latest.set(stored);
        }
    }

    private Latest latest(Key key) {
        CompletableFuture<Object> cached = lastGood.getIfPresent(key);
        return cached == null || !cached.isDone() || cached.isCompletedExceptionally() ? null : (Latest) cached.join();
    }

    private Fallback<Forecast> fallback(Key key, StepFailure failure) {
        if (failure.kind() == StepFailure.Kind.NOT_FOUND) {
            return null;
        }
        Latest latest = latest(key);
        Stored stored = latest == null ? null : latest.get();
        if (stored == null) {
            return null;
        }
        Duration age = Duration.between(stored.at(), clock.instant());
        return age.compareTo(config.cacheTtl()) > 0 ? null : new Fallback<>(stored.forecast(), age);
    }
}
