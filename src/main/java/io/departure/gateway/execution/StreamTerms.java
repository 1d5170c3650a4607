package io.departure.gateway.execution;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.departure.gateway.execution.Executions.Spec;

/**
 * The stream view's terms, on which streams and async executions run, wherever they continue:
 * its deadline, its per-attempt timeouts by step ({@code departure.stream.<step>.timeout}), and how
 * long an execution waits for its client to come back.
 */
@ApplicationScoped
class StreamTerms {

    private final Duration deadline;
    private final Map<String, Duration> timeouts;
    private final Duration resumeWindow;
    private final Clock clock;

    StreamTerms(StreamConfig config, Clock clock) {
        this.clock = clock;
        this.deadline = config.deadline();
        this.resumeWindow = config.resumeWindow();
        Map<String, Duration> byStep = new HashMap<>();
        config.steps().forEach((step, settings) -> settings.timeout().ifPresent(timeout -> byStep.put(step, timeout)));
        this.timeouts = Map.copyOf(byStep);
    }

    /** An execution on these terms, with the stream view's whole deadline. */
    Spec of(ExecutionQuery query, View origin) {
        return new Spec(query, deadline, timeouts, origin);
    }

    /** An execution on these terms continued here, with what is left of its deadline (none when it has passed). */
    Spec continued(ExecutionQuery query, View origin, Instant deadlineAt) {
        Duration left = Duration.between(clock.instant(), deadlineAt);
        return new Spec(query, left.isNegative() ? Duration.ZERO : left, timeouts, origin, null);
    }

    /** The whole deadline of an execution on these terms. */
    Duration deadline() {
        return deadline;
    }

    Duration resumeWindow() {
        return resumeWindow;
    }
}
