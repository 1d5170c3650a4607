package io.departure.gateway.watch;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How long a watch lasts ({@code departure.watch.max-duration}). */
@ConfigMapping(prefix = "departure.watch")
public interface WatchConfig {

    /** Longest a watch stream stays open. */
    @WithDefault("6h")
    Duration maxDuration();
}
