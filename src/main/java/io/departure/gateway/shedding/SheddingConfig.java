package io.departure.gateway.shedding;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Load shedding: while the gateway's event loops run late (their queue of work does not drain),
 * new departures are answered {@code 503} at once instead of queued behind it. On by default,
 * off in dev and test (a JVM compiling the code, or a test's own load, would make the loops
 * late); bench/run section 11 measures it both ways.
 */
@ConfigMapping(prefix = "departure.shedding")
public interface SheddingConfig {

    @WithDefault("true")
    boolean enabled();

    /**
     * How late an event loop may run its work before it counts as queued up. By default a
     * fiftieth of the sync view's deadline ({@code departure.deadline}: 25 s gives 500 ms, 3 s
     * gives 60 ms): a loop that late holds each departure up a few times that over its
     * handful of turns on the loop, which its deadline can no longer absorb; a shorter delay is
     * one a departure can afford, and a cold JVM compiling its code runs that late for seconds.
     */
    Optional<Duration> target();

    /** How long a loop must stay over the target, without a moment under it, before its new departures are shed. */
    @WithDefault("100ms")
    Duration interval();
}
