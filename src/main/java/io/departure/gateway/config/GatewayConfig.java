package io.departure.gateway.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;

/**
 * Deadlines of the public views: the whole-request deadline of the sync view, and the longer
 * ones of the stream view, whose per-attempt timeouts fall back to the backends' own; and the
 * jitter of every retry.
 */
@ConfigMapping(prefix = "departure")
public interface GatewayConfig {

    /** Whole-request deadline of {@code GET /departure}, below API Gateway's 29 s limit. */
    @WithDefault("25s")
    Duration deadline();

    Stream stream();

    /** Where executions are kept: {@code memory} (one process) or {@code redis} (shared by replicas, {@code quarkus.redis.hosts}). */
    @WithDefault("memory")
    StoreKind store();

    enum StoreKind {
        MEMORY,
        REDIS
    }

    Watch watch();

    Retry retry();

    interface Stream {
        /** Deadline of a non-watch stream. */
        @WithDefault("5m")
        Duration deadline();

        /** Heartbeat interval on idle streams. */
        @WithDefault("15s")
        Duration heartbeat();

        /**
         * How long a stream's execution waits for its client to come back after the connection
         * ended before it is cancelled; {@code 0} cancels it at once.
         */
        @WithDefault("10s")
        Duration resumeWindow();

        /**
         * After this, a stream sends {@code reconnect} and closes, and the client's reconnect
         * resumes it: below API Gateway's 15 minutes of a response stream.
         */
        @WithDefault("14m")
        Duration maxConnection();

        /** Per-step settings of the stream view, by step name ({@code departure.stream.<step>.timeout}). */
        @WithParentName
        Map<String, StepTimeout> steps();
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

    interface Retry {
        /** Share of each retry's backoff that is randomised, 0 to 1: backend calls and compensations alike. */
        @WithDefault("0.5")
        double jitter();
    }
}
