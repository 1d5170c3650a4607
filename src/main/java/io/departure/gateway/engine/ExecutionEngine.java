package io.departure.gateway.engine;

import java.time.Duration;
import java.util.function.Consumer;

import io.smallrye.mutiny.Multi;

/**
 * Runs plans. Every view of a departure is a subscriber to {@link #execute}: the engine alone
 * decides when steps start, enforces the deadline and publishes outcomes.
 */
public final class ExecutionEngine {

    private final Consumer<StepEvent> observer;

    /** @param observer sees every published event (metrics, logs); it must not block. */
    public ExecutionEngine(Consumer<StepEvent> observer) {
        this.observer = observer;
    }

    /**
     * Executes a plan lazily, once per subscription. Each step starts as soon as the steps it
     * needs have succeeded; a step whose needs failed is skipped. Every step is bounded by the
     * deadline: at the deadline its work is cancelled and it ends as a timeout. When a required
     * step fails, the steps still running are cancelled and the stream completes. Cancelling the
     * subscription cancels every running step.
     *
     * @return one event per step, in the order the steps finish, then completion
     */
    public Multi<StepEvent> execute(Plan plan, Duration deadline) {
        return Multi.createFrom().emitter(emitter -> new Execution(plan, Deadline.in(deadline), emitter, observer).start());
    }
}
