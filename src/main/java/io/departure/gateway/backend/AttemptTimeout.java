package io.departure.gateway.backend;

import java.time.Duration;

import io.departure.gateway.engine.StepFailure;
import io.smallrye.mutiny.Uni;

/**
 * An attempt that has not answered within its budget is cancelled (its HTTP request reset, so
 * the backend sees it abandoned) and fails as a timeout, which the circuit breaker around it sees.
 */
final class AttemptTimeout implements Strategy {

    private final String backend;
    private final Strategy next;

    AttemptTimeout(String backend, Strategy next) {
        this.backend = backend;
        this.next = next;
    }

    @Override
    public <T> Uni<T> apply(Invocation<T> invocation) {
        Duration budget = invocation.budget();
        return next.apply(invocation).ifNoItem().after(budget).failWith(() -> timedOut(backend, budget));
    }

    /** The failure of an attempt, or of a wait for a shared one, that took all of {@code budget}. */
    static StepFailure timedOut(String backend, Duration budget) {
        return new StepFailure(StepFailure.Kind.TIMEOUT, backend + " did not answer within " + budget.toMillis() + " ms");
    }
}
