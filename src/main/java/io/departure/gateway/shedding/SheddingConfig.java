package io.departure.gateway.shedding;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Load shedding of the sync view: an adaptive limit on the departures in flight (Netflix's
 * Gradient2, which lowers it when answers slow down against their long-term norm and raises it
 * while they do not), beyond which a departure is answered {@code 503} at once.
 */
@ConfigMapping(prefix = "departure.shedding")
public interface SheddingConfig {

    @WithDefault("true")
    boolean enabled();

    /** Departures in flight allowed at start, before the limit has learnt anything. */
    @WithDefault("1000")
    int initialLimit();

    /** The limit never goes below this. */
    @WithDefault("50")
    int minLimit();

    /** Nor above this. */
    @WithDefault("20000")
    int maxLimit();

    /** How much slower than their norm answers may get before the limit is lowered. */
    @WithDefault("2.0")
    double rttTolerance();
}
