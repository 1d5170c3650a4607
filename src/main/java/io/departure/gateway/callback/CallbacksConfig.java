package io.departure.gateway.callback;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.departure.gateway.backend.BackendConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Completion callbacks ({@code departure.callbacks.*}): where they may go (nowhere by default),
 * how they are signed, and how their deliveries are timed, retried and guarded per receiving host.
 */
@ConfigMapping(prefix = "departure.callbacks")
public interface CallbacksConfig {

    /**
     * The signing secret, as Standard Webhooks writes it: {@code whsec_} then base64. Required once
     * {@link #allowedHosts} names a host.
     */
    Optional<String> secret();

    /**
     * Hosts a callback may be sent to: exact names or addresses, or {@code *.example.com} for any
     * name below it. Empty (the default): no callback is accepted.
     */
    Optional<List<String>> allowedHosts();

    /** Whether a callback URL may be plain {@code http}; only {@code https} otherwise. */
    @WithDefault("false")
    boolean allowHttp();

    /**
     * Whether a callback may go to a loopback, link-local, wildcard or multicast address, or one of
     * this machine's own: never unless set, whatever the allowed hosts (a demo or a test).
     */
    @WithDefault("false")
    boolean allowLocalAddresses();

    /** How long after an end its delivery is retried (timeouts, connection failures, 5xx) before it is given up. */
    @WithDefault("1h")
    Duration retryFor();

    /** One delivery attempt, from connecting to the receiver's answer. */
    @WithDefault("10s")
    Duration timeout();

    /** The wait between two attempts, doubling from the first to the longest, with the gateway's jitter. */
    Backoff backoff();

    /** Each receiving host's circuit breaker. */
    BackendConfig.CircuitBreaker circuitBreaker();

    /** Deliveries in flight to one host at once. */
    BackendConfig.Bulkhead bulkhead();

    interface Backoff {
        @WithDefault("1s")
        Duration initial();

        @WithDefault("5m")
        Duration max();
    }
}
