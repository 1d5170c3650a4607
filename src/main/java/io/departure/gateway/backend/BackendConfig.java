package io.departure.gateway.backend;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.WithDefault;

/**
 * Guard settings every backend has: per-attempt timeout, retry, circuit breaker and concurrency
 * limit. Each backend maps it under its own prefix, {@code departure.<backend>}.
 */
public interface BackendConfig {

    /** One call attempt. */
    @WithDefault("5s")
    Duration timeout();

    /**
     * Calls this backend over HTTP/2: ALPN on https, prior knowledge on plain http (the backend
     * must then accept HTTP/2 from the first byte). Calls share a few connections instead of
     * holding one each, so calls in flight are not bounded by the process's open files.
     */
    @WithDefault("false")
    boolean http2();

    /**
     * Identical calls in flight at the same time share one attempt: each caller keeps its own
     * deadline and timeout, the attempt is cancelled only when every caller has gone, and its
     * failure goes only to the callers that were waiting for it.
     */
    @WithDefault("true")
    boolean coalesce();

    Hedge hedge();

    Retry retry();

    CircuitBreaker circuitBreaker();

    Bulkhead bulkhead();

    interface Hedge {
        /**
         * When an attempt has not answered after this long, send one more if the budget allows,
         * and again after each further such delay, up to {@link #maxAttempts} at once; the first
         * answer wins and the other attempts are cancelled. Off when absent.
         */
        Optional<Duration> after();

        /**
         * Attempts racing at most, the first one included (as gRPC's hedging policy): a hedge
         * that is slow too is raced again, so that a call many callers share (coalescing) is not
         * held up by two slow answers.
         */
        @WithDefault("3")
        int maxAttempts();

        /** At most this share of calls is hedged (each call earns this much of a hedge). */
        @WithDefault("0.1")
        double budget();
    }

    interface Retry {
        /** Retries of a failed idempotent call (never on 4xx, never past the deadline). */
        @WithDefault("2")
        int maxRetries();

        @WithDefault("100ms")
        Duration initialBackoff();

        @WithDefault("1s")
        Duration maxBackoff();
    }

    interface CircuitBreaker {
        /** Calls in the rolling window the breaker judges. */
        @WithDefault("20")
        int requestVolumeThreshold();

        /** Failed share of the window that opens the breaker. */
        @WithDefault("0.5")
        double failureRatio();

        /** How long the breaker stays open before letting trial calls through. */
        @WithDefault("10s")
        Duration delay();

        /** Successful trial calls that close it again. */
        @WithDefault("2")
        int successThreshold();
    }

    interface Bulkhead {
        /** Calls in flight to this backend at once. */
        @WithDefault("10000")
        int maxConcurrent();

        /** Calls allowed to wait for a slot ({@code 0}: none); beyond that a call is rejected at once. */
        @WithDefault("1000")
        int queue();
    }
}
