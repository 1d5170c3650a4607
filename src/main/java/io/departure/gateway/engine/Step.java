package io.departure.gateway.engine;

import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

import io.smallrye.mutiny.Uni;

/**
 * One unit of work of an execution: a name, the steps whose values it needs, whether its
 * failure fails the execution, the action that produces its value (already guarded) and an
 * optional fallback that may substitute a value when the action fails.
 */
public record Step<T>(
        String name,
        boolean required,
        List<String> needs,
        Function<StepContext, Uni<T>> action,
        BiFunction<StepContext, StepFailure, Fallback<T>> fallback) {

    public Step {
        needs = List.copyOf(needs);
    }

    public static <T> Step<T> of(String name, boolean required, List<String> needs, Function<StepContext, Uni<T>> action) {
        return new Step<>(name, required, needs, action, (context, failure) -> null);
    }

    /** The same step with a fallback consulted when the action fails; it returns null when it has none. */
    public Step<T> withFallback(BiFunction<StepContext, StepFailure, Fallback<T>> fallback) {
        return new Step<>(name, required, needs, action, fallback);
    }
}
