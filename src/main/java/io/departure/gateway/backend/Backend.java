package io.departure.gateway.backend;

import java.time.Duration;

import io.smallrye.mutiny.Uni;

/**
 * One backend as the gateway calls it: its name, its HTTP client and its guard. Every call to it
 * goes through {@link #call}, so every call gets the same timeouts, retries, circuit breaker and
 * concurrency limit.
 */
public final class Backend {

    private final String name;
    private final BackendConfig config;
    private final Client client;
    private final Guard guard;

    Backend(String name, BackendConfig config, Client client, Guard guard) {
        this.name = name;
        this.config = config;
        this.client = client;
        this.guard = guard;
    }

    /** The backend's name: its configuration keys, its circuit breaker, its metrics. */
    public String name() {
        return name;
    }

    /** One call attempt's timeout ({@code departure.<backend>.timeout}). */
    public Duration timeout() {
        return config.timeout();
    }

    /**
     * A guarded call: {@code attempt} makes one HTTP exchange with the client it is given,
     * within the budget it is given.
     */
    public <T> Uni<T> call(Call call, Attempt<T> attempt) {
        return guard.call(call, budget -> attempt.apply(client, budget));
    }

    /** One attempt of a call. */
    @FunctionalInterface
    public interface Attempt<T> {
        Uni<T> apply(Client client, Duration budget);
    }
}
