package io.departure.gateway.shedding;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Load shedding: while the gateway's event loops run late (their queue of work does not drain),
 * new departures are answered {@code 503} at once instead of queued behind it. On by default:
 * in bench/run (section 11), a warm gateway offered twice the departures it could serve
 * answered 74 % of them in time and shed the rest with it, against 12 % in time and answers
 * 13 s late without it; a fresh process at 500/s answered none late with it (6 % shed while its
 * JIT compiled), 5 % late without it. Off in dev and test, where a JVM compiling the code or a
 * test's own load would make the loops late.
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
