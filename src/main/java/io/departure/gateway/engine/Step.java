package io.departure.gateway.engine;

import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

import io.smallrye.mutiny.Uni;

/**
 * One unit of work of an execution: a name, the steps whose values it needs, whether its
 * failure fails the execution, the action that produces its value (already guarded), an
 * optional fallback that may substitute a value when the action fails, and an optional
 * compensation that undoes the step's effect. A background step (one that refreshes something
 * for as long as the execution lives) is not waited for: it is cancelled once every other
 * step is done.
 */
public record Step<T>(
        String name,
        boolean required,
        List<String> needs,
        Function<StepContext, Uni<T>> action,
        BiFunction<StepContext, StepFailure, Fallback<T>> fallback,
        Compensation<T> compensation,
        boolean background) {

    /**
     * Undoes a completed step. A compensation runs when its execution fails or is abandoned;
     * a release (a leased resource) runs however the execution ends.
     */
    public record Compensation<T>(Function<T, Uni<Void>> action, boolean always) {
    }

    public Step {
        needs = List.copyOf(needs);
    }

    public static <T> Step<T> of(String name, boolean required, List<String> needs, Function<StepContext, Uni<T>> action) {
        return new Step<>(name, required, needs, action, (context, failure) -> null, null, false);
    }

    /** An optional step that runs beside the others until they are done. */
    public static <T> Step<T> background(String name, List<String> needs, Function<StepContext, Uni<T>> action) {
        return new Step<>(name, false, needs, action, (context, failure) -> null, null, true);
    }

    /** The same step with a fallback consulted when the action fails; it returns null when it has none. */
    public Step<T> withFallback(BiFunction<StepContext, StepFailure, Fallback<T>> fallback) {
        return new Step<>(name, required, needs, action, fallback, compensation, background);
    }

    /** The same step, undone by {@code compensation} when its execution fails or is abandoned. */
    public Step<T> withCompensation(Function<T, Uni<Void>> compensation) {
        return new Step<>(name, required, needs, action, fallback, new Compensation<>(compensation, false), background);
    }

    /** The same step, whose value is a lease released by {@code release} however the execution ends. */
    public Step<T> withRelease(Function<T, Uni<Void>> release) {
        return new Step<>(name, required, needs, action, fallback, new Compensation<>(release, true), background);
    }
}
