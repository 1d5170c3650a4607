package io.departure.gateway.backend;

import io.smallrye.mutiny.Uni;

/**
 * One rule of a backend's guard, wrapping the next one the way SmallRye Fault Tolerance's
 * strategies nest, so that {@link Guard} reads as the order the rules apply in. {@code apply}
 * only assembles: nothing reaches the backend until the Uni is subscribed, and each subscription
 * is a fresh try (which is how a retry tries again).
 */
interface Strategy {

    <T> Uni<T> apply(Invocation<T> invocation);
}
