package io.departure.gateway.departure;

import java.util.List;

import io.departure.gateway.engine.Step;
import io.departure.gateway.engine.StepContext;
import io.smallrye.mutiny.Uni;

/**
 * How a step keeps its part of a watched departure up to date. Each follower becomes a step of
 * the watch's execution, named after the part, that publishes the part's new values (and, as a
 * value of another type, what the client should know of the following itself: a reconnection).
 *
 * @param <T> the part's value
 */
public interface Follower<T> {

    /**
     * Steps the following needs first, such as a lease at the backend (released by the engine).
     *
     * @param execution the watch's execution id: a set-up step that creates something at its
     *        backend sends {@code <execution>:<step>} as its idempotency key, so that a repeat of
     *        it (a retry, another replica continuing the execution) finds what the first made
     */
    default List<Step<?>> setup(Facts facts, String execution) {
        return List.of();
    }

    /** The names of the set-up steps that are undone (a lease released), so that their compensations are counted from zero. */
    default List<String> compensable() {
        return List.of();
    }

    /**
     * Follows the part, publishing each new value with {@link StepContext#publish}. A follower
     * that {@link #ends()} the watch answers, when the departure will change no more, why
     * ({@code departed}); one that does not runs until the others are done.
     *
     * @param sent the value the departure was sent with, or null
     */
    Uni<String> follow(StepContext context, Facts facts, T sent);

    /** Whether following this part ends the watch. */
    boolean ends();

    /** Why the departure will change no more if this value says so ({@code departed}), else null. */
    default String finalState(T value) {
        return null;
    }
}
