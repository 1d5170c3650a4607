package io.departure.gateway.departure;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.departure.gateway.engine.Fallback;
import io.departure.gateway.engine.StepContext;
import io.departure.gateway.engine.StepFailure;
import io.departure.gateway.backend.Backend;
import io.smallrye.mutiny.Uni;

/**
 * A backend's part of a departure: one bean per backend, found by injection. The plan, the
 * merged document, the views, health and metrics take every registered step; adding a backend
 * is adding one of these (with its client, data and configuration) in a package of its own.
 *
 * @param <T> the value the step contributes, listed in the departure under {@link #name()}
 */
public interface DepartureStep<T> {

    /** The step's name: its member and part in the departure, its event on the stream. */
    String name();

    /** Where its part is listed among the others: lower first. */
    int position();

    /** The type of its value, for decoding it where it was stored. */
    Class<T> type();

    /** Whether its failure fails the departure; an optional step's failure makes it partial. */
    boolean required();

    /** The facts it needs; the plan takes each from the query or from a step that tells it. */
    Set<Fact> needs();

    /** The facts its value tells the steps that need them, when the query does not. */
    default Map<Fact, Function<T, String>> tells() {
        return Map.of();
    }

    /** The backend it calls: its circuit, its metrics. */
    Backend backend();

    /**
     * The step's guarded call for one departure.
     *
     * @param attemptTimeout one attempt's timeout: the backend's own unless the view sets another
     */
    Uni<T> fetch(StepContext context, Facts facts, Duration attemptTimeout);

    /** A value that may stand in, marked stale, when the call failed; null when there is none. */
    default Fallback<T> fallback(Facts facts, StepFailure failure) {
        return null;
    }

    /** How the part is kept up to date while the departure is watched; null when it is not. */
    default Follower<T> follower() {
        return null;
    }
}
