package io.departure.gateway.engine;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.smallrye.mutiny.Multi;

/**
 * Runs plans. Every view of a departure is a subscriber to {@link #execute}: the engine alone
 * decides when steps start, enforces the deadline, publishes outcomes and runs compensations.
 */
public final class ExecutionEngine {

    private final EngineObserver observer;
    private final Compensations compensations;
    private final Set<Execution> live = ConcurrentHashMap.newKeySet();

    /**
     * @param observer sees every step outcome and compensation (metrics, logs); it must not block
     * @param backoff the wait between two attempts of a failed compensation
     * @param compensationLimit how long a compensation is retried before it is reported as failed
     */
    public ExecutionEngine(EngineObserver observer, Backoff backoff, Duration compensationLimit) {
        this.observer = observer;
        this.compensations = new Compensations(backoff, compensationLimit, observer);
    }

    /**
     * Executes a plan lazily, once per subscription. Each step starts as soon as the steps it
     * needs have succeeded; a step whose needs failed is skipped. A background step runs beside
     * the others and is cancelled, without an event, once every other step is done. Every step is bounded by the
     * deadline: at the deadline its work is cancelled and it ends as a timeout. When a required
     * step fails, the steps still running are cancelled and the stream completes. Cancelling the
     * subscription cancels every running step.
     * <p>
     * When the execution fails or is abandoned, the compensations of the steps that completed
     * run in reverse order, detached from the subscriber; releases run however it ends.
     *
     * @return one {@link StepEvent} per step, in the order the steps finish, with any
     *         {@link StepUpdate}s long-running steps publish in between, then completion
     */
    public Multi<ExecutionEvent> execute(Plan plan, Duration deadline) {
        return Multi.createFrom().emitter(emitter -> {
            Execution[] self = new Execution[1];
            self[0] = new Execution(plan, Deadline.in(deadline), emitter, observer, compensations, () -> live.remove(self[0]));
            live.add(self[0]);
            self[0].start();
        });
    }

    /** The step outcomes of an execution, without the updates. */
    public static Multi<StepEvent> outcomes(Multi<ExecutionEvent> events) {
        return events.filter(StepEvent.class::isInstance).map(StepEvent.class::cast);
    }

    /**
     * Abandons every live execution, so that their compensations run, and waits for all
     * compensations under way. Blocks: call it from a shutdown hook, never an event loop.
     *
     * @return whether every compensation finished in time
     */
    public boolean shutdown(Duration timeout) throws InterruptedException {
        for (Execution execution : List.copyOf(live)) {
            execution.abandon();
        }
        return compensations.awaitRunning(timeout);
    }
}
