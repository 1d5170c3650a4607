package io.departure.gateway.backend;

import io.departure.gateway.engine.Backoff;
import io.departure.gateway.engine.StepFailure;
import io.smallrye.mutiny.Uni;

/**
 * An idempotent call is tried again after a retryable failure (never a 4xx), up to
 * {@code retry.max-retries} times, each after the gateway's jittered exponential backoff, and
 * only while that wait ends before the deadline. A call that may not be repeated is tried once.
 */
final class Retry implements Strategy {

    private final Backoff backoff;
    private final int maxRetries;
    private final Strategy next;

    Retry(Backoff backoff, int maxRetries, Strategy next) {
        this.backoff = backoff;
        this.maxRetries = maxRetries;
        this.next = next;
    }

    @Override
    public <T> Uni<T> apply(Invocation<T> invocation) {
        Call call = invocation.call();
        Uni<T> once = next.apply(invocation);
        return call.idempotent() ? backoff.retry(once, maxRetries, Retry::retryable, call.deadline()::remaining) : once;
    }

    private static boolean retryable(Throwable failure) {
        return failure instanceof StepFailure stepFailure && stepFailure.retryable();
    }
}
