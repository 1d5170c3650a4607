package io.departure.gateway.backend;

import java.util.Optional;

/**
 * Where a backend is when no URL is configured for it: the embedded simulator, when it is on.
 * A bean of its own so that this package does not know the simulator.
 */
public interface DefaultLocation {

    /** The base URL of backend {@code name}, if something here answers for it. */
    Optional<String> url(String name);
}
