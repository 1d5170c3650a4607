package io.departure.gateway.shedding;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Load shedding: a departure that cannot be answered within its deadline, because the gateway
 * has a standing queue or because what it already waited leaves it too little time, is answered
 * {@code 503} at once instead of late. On by default, off in dev and test (a test's own load
 * makes the loops late); bench/run section 11 measures it both ways.
 */
@ConfigMapping(prefix = "departure.shedding")
public interface SheddingConfig {

    /** The default target is this share of the sync view's deadline. */
    int TARGET_SHARE = 30;

    @WithDefault("true")
    boolean enabled();

    /**
     * How long a departure may wait for its event loop before it can be shed. By default a
     * thirtieth of the sync view's deadline ({@code departure.deadline}: 25 s gives 833 ms, 3 s
     * gives 100 ms): a wait the deadline absorbs, as a burst makes; a queue that stays longer than
     * that for an interval (unless the JVM is compiling its code meanwhile), or a wait that leaves
     * a departure less time than departures take, is not. A tenth kept a queue three times as long
     * at twice capacity, and more answers came late (bench/RESULTS.md, "Shedding's target").
     */
    Optional<Duration> target();

    /** How long a loop's queue must stay over the target, without a moment under it, before it is standing. */
    @WithDefault("1s")
    Duration interval();
}
