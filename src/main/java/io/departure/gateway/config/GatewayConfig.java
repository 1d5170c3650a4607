package io.departure.gateway.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Deadlines of the public views: the whole-request deadline of the sync view, and the longer
 * ones of the stream view, whose per-attempt timeouts fall back to the backends' own.
 */
@ConfigMapping(prefix = "departure")
public interface GatewayConfig {

    /** Whole-request deadline of {@code GET /departure}, below API Gateway's 29 s limit. */
    @WithDefault("25s")
    Duration deadline();

    Stream stream();

    Watch watch();

    interface Stream {
        /** Deadline of a non-watch stream. */
        @WithDefault("5m")
        Duration deadline();

        /** Heartbeat interval on idle streams. */
        @WithDefault("15s")
        Duration heartbeat();

        StepTimeout flight();

        StepTimeout forecast();
    }

    interface StepTimeout {
        /** Per-attempt timeout of this step on the stream view; the backend's own when absent. */
        Optional<Duration> timeout();
    }

    interface Watch {
        /** Longest a watch stream stays open. */
        @WithDefault("6h")
        Duration maxDuration();

        /** How often a watch asks for a new forecast; a changed one is sent as a {@code forecast} event. */
        @WithDefault("10m")
        Duration forecastRefresh();
    }
}
