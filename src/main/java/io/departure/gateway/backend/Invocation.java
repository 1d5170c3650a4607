package io.departure.gateway.backend;

import java.time.Duration;
import java.util.function.Function;

import io.smallrye.mutiny.Uni;

/**
 * What the guard's pieces pass inward: the call, the time its attempt may take and the HTTP
 * exchange that makes one attempt, given that time.
 *
 * @param budget the call's attempt timeout until an attempt starts, then that attempt's own
 *        (no longer than the deadline allows)
 */
record Invocation<T>(Call call, Duration budget, Function<Duration, Uni<T>> exchange) {

    Invocation<T> within(Duration time) {
        return new Invocation<>(call, time, exchange);
    }
}
