package io.departure.gateway.observability;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.health.HealthCheckResponse;

import io.departure.gateway.execution.ExecutionStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.health.api.Wellness;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * Whether the execution store answers: a wellness check ({@code /q/health/well}) and the gauge
 * {@code departure_store_up}, kept by a ping every few seconds. Not readiness: every replica
 * shares one Redis, so its outage would take every pod out of the Service at once, where ready
 * pods answer {@code 503} problems with {@code Retry-After} and serve again as soon as it is back.
 */
@Wellness
@ApplicationScoped
public class ExecutionStoreHealth implements AsyncHealthCheck {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    /** Longer than the timeout, so that pings never overlap. */
    private static final Duration INTERVAL = Duration.ofSeconds(5);

    private final ExecutionStore store;
    private final Vertx vertx;
    private final MeterRegistry registry;
    private final Gauge gauge;
    /** Whether the last ping was answered in time; false until the first is. */
    private volatile boolean up;
    private volatile long timer = -1;

    ExecutionStoreHealth(ExecutionStore store, Vertx vertx, MeterRegistry registry) {
        this.store = store;
        this.vertx = vertx;
        this.registry = registry;
        this.gauge = Gauge.builder("departure.store.up", () -> up ? 1 : 0)
                .description("1 when the execution store answered its last ping within " + TIMEOUT.toSeconds() + " s, else 0")
                .register(registry);
    }

    void start(@Observes StartupEvent event) {
        ping();
        timer = vertx.setPeriodic(INTERVAL.toMillis(), id -> ping());
    }

    /** Pings the store for the gauge; the check's answer is not needed here. */
    private void ping() {
        call().subscribe().with(response -> {
        });
    }

    /** Stops the pings, and removes the gauge: one left registered would go on reading this instance (seen in tests). */
    void stop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(timer);
        registry.remove(gauge);
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return store.ping().ifNoItem().after(TIMEOUT).fail()
                .map(kind -> {
                    up = true;
                    return HealthCheckResponse.named("execution-store").up().withData("store", kind).build();
                })
                .onFailure().recoverWithItem(failure -> {
                    up = false;
                    return HealthCheckResponse.named("execution-store").down().withData("error", String.valueOf(failure.getMessage()))
                            .build();
                });
    }
}
