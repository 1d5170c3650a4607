package io.departure.gateway.shedding;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Load shedding: while the gateway's event loops run late (their queue of work does not drain),
 * new departures are answered {@code 503} at once instead of queued behind it. Off unless asked
 * for: with the defaults below, a burst on a JVM still compiling its code (100 departures at once,
 * seconds after start) had half its departures shed although all would have been answered
 * within a second; when it should start, against deadlines of seconds, is not measured yet.
 */
@ConfigMapping(prefix = "departure.shedding")
public interface SheddingConfig {

    @WithDefault("false")
    boolean enabled();

    /** How late an event loop may run its work before it counts as queued up. */
    @WithDefault("20ms")
    Duration target();

    /** How long a loop must stay over the target, without a moment under it, before its new departures are shed. */
    @WithDefault("100ms")
    Duration interval();
}
