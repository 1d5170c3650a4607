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

    /**
     * How long a replica's claim on the executions it runs lasts without renewal (Redis store):
     * when a replica dies, another one continues its executions once this has passed.
     */
    @WithDefault("10s")
    Duration lease();
}
