package io.departure.gateway.execution;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * The {@code departure.executions.running} gauge: the departures this replica is running, tagged
 * with the view that started them. Registered at startup, removed at shutdown.
 */
@ApplicationScoped
class RunningGauge {

    private final RunningExecutions running;
    private final MeterRegistry registry;
    private final List<Gauge> gauges = new ArrayList<>();

    RunningGauge(RunningExecutions running, MeterRegistry registry) {
        this.running = running;
        this.registry = registry;
    }

    void started(@Observes StartupEvent event) {
        for (View origin : View.values()) {
            gauges.add(Gauge.builder("departure.executions.running", running, executions -> executions.count(origin))
                    .tag("view", origin.name().toLowerCase(Locale.ROOT))
                    .description("Departures this replica is running, by the view that started them (watches included)")
                    .register(registry));
        }
    }

    /**
     * Removes the gauges: one left registered would go on reading this application's executions,
     * weakly held, and vanish from the metrics once they are collected (seen with several
     * applications in one JVM).
     */
    void stopped(@Observes ShutdownEvent event) {
        gauges.forEach(registry::remove);
    }
}
