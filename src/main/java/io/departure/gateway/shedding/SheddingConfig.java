package io.departure.gateway.shedding;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Load shedding: while the gateway's event loops run late (their queue of work does not drain),
 * new departures are answered {@code 503} at once instead of queued behind it.
 */
@ConfigMapping(prefix = "departure.shedding")
public interface SheddingConfig {

    @WithDefault("true")
    boolean enabled();

    /** How late an event loop may run its work before it counts as queued up. */
    @WithDefault("20ms")
    Duration target();

    /** How long a loop must stay over the target, without a moment under it, before its new departures are shed. */
    @WithDefault("100ms")
    Duration interval();
}
