package io.departure.gateway.backend;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import io.departure.gateway.engine.Backoff;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * The guard of one backend, the same for every call to it: a pipeline of small pieces, each
 * wrapping the next as SmallRye Fault Tolerance's strategies do, built here in the order they
 * apply. Every attempt is bounded by the execution's remaining budget, which the attempt is told
 * so it can pass it to the backend; cancelling a call reaches the HTTP exchange.
 */
final class Guard {

    private final Strategy pipeline;

    Guard(String name, BackendConfig config, double jitter, Vertx vertx, MeterRegistry registry, BooleanSupplier gatewayLate) {
        Counter shared = Counter.builder("departure.backend.shared").tag("backend", name)
                .description("Calls that shared an identical call already in flight instead of making one").register(registry);
        Counter hedged = Counter.builder("departure.backend.hedged").tag("backend", name)
                .description("Attempts hedged: a second one sent while the first was slow").register(registry);
        Duration hedgeAfter = config.hedge().after().orElse(null);
        boolean hedging = hedgeAfter != null && config.hedge().maxAttempts() >= 2;
        HedgeBudget hedges = new HedgeBudget(config.hedge().budget());
        BackendConfig.Retry retry = config.retry();

        // From the HTTP exchange outwards: each piece wraps the one before it.
        Strategy pipeline = new Exchange(name);
        pipeline = new AttemptTimeout(name, pipeline);
        pipeline = new FaultToleranceBridge(name, config, gatewayLate, pipeline);
        if (hedging) {
            pipeline = new Hedging(hedgeAfter, config.hedge().maxAttempts(), hedges, hedged, vertx, pipeline);
        }
        if (config.coalesce()) {
            pipeline = new Coalescing(name, shared, pipeline);
        }
        pipeline = new AttemptBudget(pipeline);
        pipeline = new Retry(new Backoff(retry.initialBackoff(), retry.maxBackoff(), jitter), retry.maxRetries(), pipeline);
        if (hedging) {
            pipeline = hedges.earnedBy(pipeline);
        }
        this.pipeline = pipeline;
    }

    /**
     * Calls the backend as {@code call} describes: {@code attempt} makes one HTTP exchange,
     * given the time it has.
     */
    <T> Uni<T> call(Call call, Function<Duration, Uni<T>> attempt) {
        return pipeline.apply(new Invocation<>(call, call.timeout(), attempt));
    }
}
