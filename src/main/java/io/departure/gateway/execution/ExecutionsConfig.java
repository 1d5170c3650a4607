package io.departure.gateway.execution;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How executions are kept ({@code departure.executions.*}). */
@ConfigMapping(prefix = "departure.executions")
public interface ExecutionsConfig {

    /** How long a finished execution and its events are kept. */
    @WithDefault("1h")
    Duration retention();

    /** Executions kept in memory at most; the oldest finished is dropped first. */
    @WithDefault("10000")
    int max();
}
