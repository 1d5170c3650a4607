package io.departure.gateway.simulator;

import io.vertx.ext.web.Router;

/**
 * One simulated backend: its name (its {@code simulator.<name>.*} settings and
 * {@code /sim/chaos/<name>}) and its routes under {@code /sim}, which answer through
 * {@link Simulator#answer} so that the backend's latency and faults apply.
 */
public interface SimulatedBackend {

    String name();

    /** Adds the backend's routes; called once, when the simulator is enabled. */
    void routes(Router router, Simulator simulator);
}
