package io.departure.gateway.backend;

import java.time.Duration;

import io.departure.gateway.engine.StepFailure;
import io.smallrye.mutiny.Uni;

/**
 * Each attempt, first or retried: told to the call's observer, and given the smaller of the
 * attempt timeout and the time left to the deadline, so that no attempt outlives its execution;
 * once the deadline has passed an attempt fails as a timeout without reaching the backend.
 */
final class AttemptBudget implements Strategy {

    private final Strategy next;

    AttemptBudget(Strategy next) {
        this.next = next;
    }

    @Override
    public <T> Uni<T> apply(Invocation<T> invocation) {
        return Uni.createFrom().deferred(() -> {
            invocation.call().observer().attempt();
            Duration budget = of(invocation.call());
            if (budget.isZero()) {
                return Uni.createFrom().failure(new StepFailure(StepFailure.Kind.TIMEOUT, "deadline exceeded"));
            }
            return next.apply(invocation.within(budget));
        });
    }

    /** The time an attempt of {@code call} started now may take. */
    static Duration of(Call call) {
        Duration timeout = call.timeout();
        Duration left = call.deadline().remaining();
        return timeout.compareTo(left) <= 0 ? timeout : left;
    }
}
