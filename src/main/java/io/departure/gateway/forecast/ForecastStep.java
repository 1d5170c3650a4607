package io.departure.gateway.forecast;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.Validator;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.departure.gateway.engine.Fallback;
import io.departure.gateway.engine.Step;
import io.departure.gateway.engine.StepContext;
import io.departure.gateway.engine.StepFailure;
import io.departure.gateway.flight.Flight;
import io.departure.gateway.flight.FlightStep;
import io.departure.gateway.upstream.BackendGuard;
import io.departure.gateway.upstream.Failures;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.cache.CaffeineCache;

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

    private final ForecastClient client;
    private final ForecastConfig config;
    private final Validator validator;
    private final CaffeineCache lastGood;
    private final Clock clock;
    private final BackendGuard guard;

    ForecastStep(@RestClient ForecastClient client, ForecastConfig config, Validator validator,
            @CacheName("forecast-last-good") Cache lastGood, Clock clock) {
        this.client = client;
        this.config = config;
        this.validator = validator;
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
                    budget -> client.forecast(key.airport(), date.toString(), budget.toMillis())
                            .map(forecast -> Failures.requireValid(NAME, forecast, validator)),
                    failure -> Failures.classify(NAME, "no forecast for " + key.airport() + " on " + date, failure))
                    .invoke(forecast -> lastGood.put(key, CompletableFuture.completedFuture(new Stored(forecast, clock.instant()))));
        }).withFallback((context, failure) -> fallback(new Key(airportOf(context, airport), date), failure));
    }

    private static String airportOf(StepContext context, String airport) {
        return airport != null ? airport : context.input(FlightStep.NAME, Flight.class).origin();
    }

    private Fallback<Forecast> fallback(Key key, StepFailure failure) {
        if (failure.kind() == StepFailure.Kind.NOT_FOUND) {
            return null;
        }
        CompletableFuture<Object> cached = lastGood.getIfPresent(key);
        if (cached == null || !cached.isDone() || cached.isCompletedExceptionally()) {
            return null;
        }
        Stored stored = (Stored) cached.join();
        return new Fallback<>(stored.forecast(), Duration.between(stored.at(), clock.instant()));
    }
}
