package io.departure.gateway.engine;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    private final Set<PlanRun> live = ConcurrentHashMap.newKeySet();

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
        return execute(plan, deadline, Map.of());
    }

    /**
     * Executes a plan of which some outcomes are already known, as when an execution that
     * another process began is continued here: the steps in {@code known} are not run again and
     * their events are not published again; the others start as soon as what they need is
     * known. A known step that failed the execution ends it at once; the compensations of known
     * steps that succeeded are owed as if they had completed here, in the order given.
     *
     * @param known the outcomes already published, by step name, in the order they finished
     */
    public Multi<ExecutionEvent> execute(Plan plan, Duration deadline, Map<String, StepEvent> known) {
        for (String step : known.keySet()) {
            if (plan.steps().stream().noneMatch(planned -> planned.name().equals(step))) {
                throw new IllegalArgumentException("known outcome of " + step + ", which is not a step of the plan");
            }
        }
        Map<String, StepEvent> outcomes = new LinkedHashMap<>(known);
        return Multi.createFrom().emitter(emitter -> {
            PlanRun[] self = new PlanRun[1];
            self[0] = new PlanRun(plan, Deadline.in(deadline), outcomes, emitter, observer, compensations,
                    () -> live.remove(self[0]));
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
        for (PlanRun execution : List.copyOf(live)) {
            execution.abandon();
        }
        return compensations.awaitRunning(timeout);
    }
}
