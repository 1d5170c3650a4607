package io.departure.gateway.execution;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithParentName;

/**
 * The stream view's terms ({@code departure.stream.*}): its deadline, heartbeats, how long an
 * execution waits for its client to come back, how long one connection lasts, and per-step
 * attempt timeouts that fall back to the backends' own.
 */
@ConfigMapping(prefix = "departure.stream")
public interface StreamConfig {

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

    interface StepTimeout {
        /** Per-attempt timeout of this step on the stream view; the backend's own when absent. */
        Optional<Duration> timeout();
    }
}
