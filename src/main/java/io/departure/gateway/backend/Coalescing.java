package io.departure.gateway.backend;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.smallrye.mutiny.Uni;

/**
 * Identical calls in flight at the same time ({@code departure.<backend>.coalesce}, same
 * {@link Call#key}) share one attempt through a {@link Coalescer}: the attempt is bounded by its
 * first caller's budget, and each caller that shares it waits no longer than its own.
 */
final class Coalescing implements Strategy {

    private final Coalescer coalescer = new Coalescer();
    private final String backend;
    private final Counter shared;
    private final Strategy next;

    /** @param shared counts the calls that shared one already in flight */
    Coalescing(String backend, Counter shared, Strategy next) {
        this.backend = backend;
        this.shared = shared;
        this.next = next;
    }

    @Override
    public <T> Uni<T> apply(Invocation<T> invocation) {
        Call call = invocation.call();
        if (call.key() == null) {
            return next.apply(invocation);
        }
        Duration budget = invocation.budget();
        return coalescer.join(call.key(), () -> next.apply(invocation), () -> {
            call.observer().shared();
            shared.increment();
        }, budget, () -> AttemptTimeout.timedOut(backend, budget));
    }
}
