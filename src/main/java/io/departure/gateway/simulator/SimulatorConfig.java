package io.departure.gateway.simulator;

import java.time.Duration;
import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithDefaults;
import io.smallrye.config.WithParentName;

/** The embedded simulator of the backends, served under {@code /sim}. */
@ConfigMapping(prefix = "simulator")
public interface SimulatorConfig {

    /**
     * Serve the simulator under {@code /sim}, and call it as the backends that have no URL; off,
     * {@code /sim} is 404. On in dev and test only, unless set: it is a test double, with a
     * chaos endpoint that breaks the service.
     */
    @WithDefault("false")
    boolean enabled();

    /** Each simulated backend's settings by its name ({@code simulator.flight.latency}); defaults when absent. */
    @WithParentName
    @WithDefaults
    Map<String, Backend> backends();

    Watch watch();

    /** The accelerated clock of subscription updates. */
    interface Watch {
        /** Time between two updates of a subscribed flight (gate, delay, boarding, departed). */
        @WithDefault("2s")
        Duration interval();
    }

    /** Start-up latency and faults of one simulated backend; {@code PUT /sim/chaos/{backend}} changes them. */
    interface Backend {
        @WithDefault("100ms")
        Duration latency();

        @WithDefault("20ms")
        Duration jitter();

        @WithDefault("0")
        double failureRate();

        @WithDefault("normal")
        String mode();
    }
}
