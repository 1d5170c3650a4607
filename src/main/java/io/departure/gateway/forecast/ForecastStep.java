package io.departure.gateway.forecast;

import static io.departure.gateway.backend.Client.encode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.inject.Singleton;

import io.departure.gateway.departure.DepartureStep;
import io.departure.gateway.departure.Fact;
import io.departure.gateway.departure.Facts;
import io.departure.gateway.departure.Follower;
import io.departure.gateway.engine.Fallback;
import io.departure.gateway.engine.StepContext;
import io.departure.gateway.engine.StepFailure;
import io.departure.gateway.backend.Backend;
import io.departure.gateway.backend.Client;
import io.departure.gateway.backend.Backends;
import io.departure.gateway.backend.Call;
import io.departure.gateway.backend.Failures;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.cache.CaffeineCache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * The forecast: a guarded call to the forecast service for the departure airport. Its last good
 * answer per airport and date is kept for {@code departure.forecast.cache-ttl} and stands in,
 * marked stale, when a fresh one fails. Watched, it is asked again every
 * {@code departure.watch.forecast-refresh} for as long as the watch lasts.
 */
@Singleton
public class ForecastStep implements DepartureStep<Forecast>, Follower<Forecast> {

    public static final String NAME = "forecast";

    private record Key(String airport, LocalDate date) {
        static Key of(Facts facts) {
            return new Key(facts.airport(), facts.date());
        }
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
    private final Duration refresh;
    private final CaffeineCache lastGood;
    private final Clock clock;
    private final Backend backend;

    ForecastStep(Backends backends, ForecastConfig config, ForecastRefreshConfig watched, @CacheName("forecast-last-good") Cache lastGood,
            Clock clock) {
        this.backend = backends.open(NAME, config);
        this.config = config;
        this.refresh = watched.forecastRefresh();
        this.lastGood = lastGood.as(CaffeineCache.class);
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int position() {
        return 20;
    }

    @Override
    public Class<Forecast> type() {
        return Forecast.class;
    }

    @Override
    public boolean required() {
        return config.required();
    }

    @Override
    public Set<Fact> needs() {
        return Set.of(Fact.AIRPORT, Fact.DATE);
    }

    @Override
    public Backend backend() {
        return backend;
    }

    @Override
    public Uni<Forecast> fetch(StepContext context, Facts facts, Duration attemptTimeout) {
        return fetch(context, Key.of(facts), attemptTimeout);
    }

    /** One guarded call to the forecast service; a good answer is remembered as the last good one. */
    private Uni<Forecast> fetch(StepContext context, Key key, Duration attemptTimeout) {
        return backend.call(Call.of(context, attemptTimeout, notFound(key)).sharedAs("GET " + path(key)),
                (http, budget) -> call(http, key, budget))
                .invoke(forecast -> remember(key, forecast));
    }

    @Override
    public Fallback<Forecast> fallback(Facts facts, StepFailure failure) {
        return fallback(Key.of(facts), failure);
    }

    @Override
    public Follower<Forecast> follower() {
        return this;
    }

    /** Refreshing the forecast never ends a watch. */
    @Override
    public boolean ends() {
        return false;
    }

    @Override
    public Uni<String> follow(StepContext context, Facts facts, Forecast sent) {
        Key key = Key.of(facts);
        return Multi.createFrom().ticks().every(refresh)
                .onItem().transformToUniAndConcatenate(tick -> fetch(context, key, config.timeout()).onFailure().recoverWithNull())
                .filter(forecast -> forecast != null)
                .invoke(context::publish)
                .collect().last()
                .replaceWith((String) null);
    }

    private static String notFound(Key key) {
        return "no forecast for " + key.airport() + " on " + key.date();
    }

    /** One call to the forecast service, its answer checked against the contract. */
    private static Uni<Forecast> call(Client http, Key key, Duration budget) {
        return http.get(path(key), budget, Forecast.class)
                .map(forecast -> Failures.requireValid(NAME, forecast));
    }

    private static String path(Key key) {
        return "/forecasts?airport=" + encode(key.airport()) + "&date=" + key.date();
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
