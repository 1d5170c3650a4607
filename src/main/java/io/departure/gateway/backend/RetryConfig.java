package io.departure.gateway.backend;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The jitter of every retry ({@code departure.retry.jitter}): backend calls and compensations alike. */
@ConfigMapping(prefix = "departure.retry")
public interface RetryConfig {

    /** Share of each retry's backoff that is randomised, 0 to 1. */
    @WithDefault("0.5")
    double jitter();
}
