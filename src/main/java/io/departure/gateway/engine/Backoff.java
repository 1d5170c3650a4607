package io.departure.gateway.engine;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;

/**
 * How long to wait before trying again, for every retry in the gateway (backend calls and
 * compensations alike): the initial wait doubled per retry up to the maximum, then moved at
 * random by up to the jitter's share of itself, within those bounds, so that callers who
 * failed together do not all come back together.
 */
public record Backoff(Duration initial, Duration max, double jitter) {

    /** The wait before retry {@code retried + 1}. */
    public Duration delay(int retried) {
        long first = initial.toMillis();
        long most = Math.max(first, max.toMillis());
        long base = Math.min(most, first << Math.min(retried, 30));
        long spread = (long) (base * jitter);
        long low = Math.max(first, base - spread);
        long high = Math.min(most, base + spread);
        return Duration.ofMillis(high > low ? ThreadLocalRandom.current().nextLong(low, high + 1) : base);
    }

    /**
     * {@code once}, subscribed again after a failure that {@code retryable} accepts, while retries
     * are left and the wait would end before {@code remaining} runs out; otherwise its last
     * failure as it is. Retries run on Mutiny's default executor after the wait.
     */
    public <T> Uni<T> retry(Uni<T> once, int retries, Predicate<Throwable> retryable, Supplier<Duration> remaining) {
        return retry(once, 0, retries, retryable, remaining);
    }

    private <T> Uni<T> retry(Uni<T> once, int retried, int retries, Predicate<Throwable> retryable, Supplier<Duration> remaining) {
        if (retried >= retries) {
            return once;
        }
        // Recovering by hand rather than with Mutiny's retry(), which builds a processor and a
        // queue for every call to serve the rare one that fails.
        return once.onFailure(retryable).recoverWithUni(failure -> {
            Duration wait = delay(retried);
            if (wait.compareTo(remaining.get()) >= 0) {
                return Uni.createFrom().failure(failure);
            }
            return Uni.createFrom().voidItem().onItem().delayIt().by(wait)
                    .onItem().transformToUni(ignored -> retry(once, retried + 1, retries, retryable, remaining));
        });
    }
}
