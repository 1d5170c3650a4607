package io.departure.gateway.shedding;

import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.netflix.concurrency.limits.Limiter;
import com.netflix.concurrency.limits.limit.Gradient2Limit;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;

import io.departure.gateway.problem.Problem;
import io.departure.gateway.problem.ProblemException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.ext.web.RoutingContext;

/**
 * Sheds the sync view's departures beyond what the gateway can answer in time: each takes a
 * place under an adaptive concurrency limit, and one that finds none is answered {@code 503}
 * with {@code Retry-After} at once, instead of joining a queue that would answer it late. A
 * departure's time also counts from when it arrived ({@link #waited}), so one that waited in the
 * gateway has that much less left.
 */
@ApplicationScoped
public class LoadShedding {

    /** Where Quarkus records when a request arrived ({@code quarkus.http.record-request-start-time}). */
    static final String ARRIVED = "io.quarkus.request-start-time";

    private final SheddingConfig config;
    private final SimpleLimiter<Void> limiter;
    private final Counter shed;

    LoadShedding(SheddingConfig config, MeterRegistry registry) {
        this.config = config;
        if (config.minLimit() < 1 || config.maxLimit() < config.minLimit()) {
            throw new IllegalArgumentException("departure.shedding: min-limit must be at least 1 and max-limit at least min-limit");
        }
        this.limiter = SimpleLimiter.newBuilder().named("departures")
                .limit(Gradient2Limit.newBuilder()
                        .initialLimit(Math.max(config.minLimit(), Math.min(config.initialLimit(), config.maxLimit())))
                        .minLimit(config.minLimit())
                        .maxConcurrency(config.maxLimit())
                        .rttTolerance(config.rttTolerance())
                        .build())
                .build();
        this.shed = Counter.builder("departure.shed").description("Departures answered 503 at once because the gateway was at its limit")
                .register(registry);
        Gauge.builder("departure.shedding.limit", limiter, SimpleLimiter::getLimit)
                .description("Departures the gateway lets in flight now (the adaptive limit)").register(registry);
        Gauge.builder("departure.shedding.inflight", limiter, SimpleLimiter::getInflight)
                .description("Departures in flight under the limit").register(registry);
    }

    /**
     * A place for one departure, to be given back through the returned listener when it is
     * answered.
     *
     * @throws ProblemException a {@code 503} when the limit is reached
     */
    public Limiter.Listener admit() {
        if (!config.enabled()) {
            return NOT_LIMITED;
        }
        Optional<Limiter.Listener> place = limiter.acquire(null);
        if (place.isEmpty()) {
            shed.increment();
            throw new ProblemException(Problem.of("overloaded", "Overloaded", 503,
                    "the gateway is answering as many departures as it can in time; try again shortly"), Duration.ofSeconds(1));
        }
        return place.get();
    }

    /** How long ago the request arrived (zero when that was not recorded). */
    public static Duration waited(RoutingContext routing) {
        Long arrived = routing.get(ARRIVED);
        return arrived == null ? Duration.ZERO : Duration.ofNanos(Math.max(0, System.nanoTime() - arrived));
    }

    private static final Limiter.Listener NOT_LIMITED = new Limiter.Listener() {
        @Override
        public void onSuccess() {
        }

        @Override
        public void onIgnore() {
        }

        @Override
        public void onDropped() {
        }
    };
}
