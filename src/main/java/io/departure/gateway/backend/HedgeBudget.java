package io.departure.gateway.backend;

import io.smallrye.mutiny.Uni;

/**
 * Hedges earned by calls: each call earns {@code hedge.budget} of one, so that at most that
 * share of calls is hedged, however slow the backend gets.
 */
final class HedgeBudget {

    /** Hedges that can be saved up in quiet times, to spend in a burst of slow answers. */
    private static final double MOST = 10;
    private final double share;
    private double earned;

    HedgeBudget(double share) {
        this.share = share;
    }

    synchronized void earn() {
        earned = Math.min(MOST, earned + share);
    }

    /** Spends one hedge; false when none is left. */
    synchronized boolean take() {
        if (earned < 1) {
            return false;
        }
        earned -= 1;
        return true;
    }

    /** The outermost piece of a hedging guard: every call earns its share once, however many attempts it makes. */
    Strategy earnedBy(Strategy next) {
        return new Strategy() {
            @Override
            public <T> Uni<T> apply(Invocation<T> invocation) {
                Uni<T> call = next.apply(invocation);
                return Uni.createFrom().deferred(() -> {
                    earn();
                    return call;
                });
            }
        };
    }
}
