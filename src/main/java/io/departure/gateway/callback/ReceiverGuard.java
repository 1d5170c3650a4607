package io.departure.gateway.callback;

import java.time.Duration;
import java.util.Optional;

import io.departure.gateway.backend.BackendConfig;

/**
 * The guard of a host that receives callbacks, as a backend's settings: the timeout, circuit
 * breaker and concurrency limit of {@code departure.callbacks.*}, one attempt per call (a
 * delivery retries on its own, for much longer), no sharing, no hedging.
 */
record ReceiverGuard(CallbacksConfig config) implements BackendConfig {

    @Override
    public Duration timeout() {
        return config.timeout();
    }

    @Override
    public boolean http2() {
        return false;
    }

    @Override
    public boolean coalesce() {
        return false;
    }

    @Override
    public Hedge hedge() {
        return new Hedge() {
            @Override
            public Optional<Duration> after() {
                return Optional.empty();
            }

            @Override
            public int maxAttempts() {
                return 1;
            }

            @Override
            public double budget() {
                return 0;
            }
        };
    }

    @Override
    public Retry retry() {
        return new Retry() {
            @Override
            public int maxRetries() {
                return 0;
            }

            @Override
            public Duration initialBackoff() {
                return config.backoff().initial();
            }

            @Override
            public Duration maxBackoff() {
                return config.backoff().max();
            }
        };
    }

    @Override
    public CircuitBreaker circuitBreaker() {
        return config.circuitBreaker();
    }

    @Override
    public Bulkhead bulkhead() {
        return config.bulkhead();
    }
}
