package io.departure.gateway.departure;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The whole-request deadline of a departure on the sync view ({@code departure.deadline}), which load shedding measures against too. */
@ConfigMapping(prefix = "departure")
public interface DepartureConfig {

    /** Whole-request deadline of {@code GET /departure}, below API Gateway's 29 s limit. */
    @WithDefault("25s")
    Duration deadline();
}
