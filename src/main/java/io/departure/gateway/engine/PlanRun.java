package io.departure.gateway.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.mutiny.subscription.MultiEmitter;

/**
 * The state of one running plan. Steps complete on whatever thread their work completes on,
 * so every transition happens under this object's lock; events are emitted in the order the
 * transitions happen. When the execution ends, the compensations it owes are handed over to
 * run detached, in reverse order of completion.
 */
final class PlanRun {

    private enum Phase { PENDING, RUNNING, DONE }

    /** How the execution ended, which decides which compensations run. */
    private enum End { COMPLETED, FAILED, ABANDONED }

    private static final class StepState {
        final Step<?> step;
        Phase phase = Phase.PENDING;
        Cancellable work;
        StepContext context;
        long startedAt;
        StepEvent event;

        StepState(Step<?> step) {
            this.step = step;
        }
    }

    private final Deadline deadline;
    private final MultiEmitter<? super ExecutionEvent> emitter;
    private final EngineObserver observer;
    private final Compensations compensations;
    private final Runnable onEnd;
    private final Map<String, StepState> states = new LinkedHashMap<>();
    private final List<StepState> completionOrder = new ArrayList<>();
    private End end;
    /** Outcomes known before this process ran the plan: they are not run or published again. */
    private final Map<String, StepEvent> known;
    /** When this process started running the plan: the steps' start times count from it. */
    private final long startedAt = System.nanoTime();

    PlanRun(Plan plan, Deadline deadline, Map<String, StepEvent> known, MultiEmitter<? super ExecutionEvent> emitter,
            EngineObserver observer, Compensations compensations, Runnable onEnd) {
        this.known = known;
        this.deadline = deadline;
        this.emitter = emitter;
        this.observer = observer;
        this.compensations = compensations;
        this.onEnd = onEnd;
        for (Step<?> step : plan.steps()) {
            states.put(step.name(), new StepState(step));
        }
    }

    synchronized void start() {
        emitter.onTermination(this::abandon);
        StepState failed = null;
        for (StepEvent event : known.values()) {
            StepState state = states.get(event.step());
            state.phase = Phase.DONE;
            state.event = event;
            completionOrder.add(state);
            if (failed == null && state.step.required() && !event.outcome().succeeded()) {
                failed = state;
            }
        }
        if (failed != null) {
            cancelRest("not finished: " + failed.step.name() + " failed");
            end(End.FAILED);
            emitter.complete();
            return;
        }
        launchReady();
    }

    private void launchReady() {
        for (StepState state : states.values()) {
            if (end != null) {
                return;
            }
            if (state.phase != Phase.PENDING || !needsDone(state.step)) {
                continue;
            }
            String failedNeed = failedNeed(state.step);
            if (failedNeed != null) {
                finish(state, StepEvent.failure(state.step, 0, 0,
                        new StepFailure(StepFailure.Kind.DEPENDENCY, "not run: " + failedNeed + " did not succeed")));
            } else {
                launch(state);
            }
        }
        if (end == null && states.values().stream().allMatch(s -> s.phase == Phase.DONE || s.step.background())) {
            stopRunning();
            end(End.COMPLETED);
            emitter.complete();
        }
    }

    /** Cancels every step still running, without an event: abandoned, or background work no longer needed. */
    private void stopRunning() {
        for (StepState state : states.values()) {
            if (state.phase != Phase.DONE) {
                Cancellable work = state.work;
                state.phase = Phase.DONE;
                state.work = null;
                if (work != null) {
                    work.cancel();
                }
            }
        }
    }

    private boolean needsDone(Step<?> step) {
        return step.needs().stream().allMatch(need -> states.get(need).phase == Phase.DONE);
    }

    private String failedNeed(Step<?> step) {
        return step.needs().stream()
                .filter(need -> !states.get(need).event.outcome().succeeded())
                .findFirst().orElse(null);
    }

    @SuppressWarnings({ "unchecked", "rawtypes" })
    private void launch(StepState state) {
        Map<String, Object> inputs = new HashMap<>();
        for (String need : state.step.needs()) {
            inputs.put(need, states.get(need).event.value());
        }
        state.context = new StepContext(state.step.name(), deadline, inputs, value -> published(state, value));
        state.phase = Phase.RUNNING;
        state.startedAt = System.nanoTime();
        Step step = state.step;
        Uni<Object> work = Uni.createFrom().deferred(() -> (Uni<Object>) step.action().apply(state.context));
        if (deadline.expired()) {
            work = Uni.createFrom().failure(deadlineExceeded());
        } else {
            work = work.ifNoItem().after(deadline.remaining()).failWith(this::deadlineExceeded);
        }
        Cancellable cancellable = work.subscribe().with(
                value -> succeeded(state, value),
                failure -> failed(state, failure));
        if (state.phase == Phase.RUNNING) {
            state.work = cancellable;
        }
    }

    private StepFailure deadlineExceeded() {
        return new StepFailure(StepFailure.Kind.TIMEOUT, "deadline exceeded");
    }

    private synchronized void published(StepState state, Object value) {
        if (state.phase == Phase.RUNNING && end == null) {
            emitter.emit(new StepUpdate(state.step.name(), value));
        }
    }

    private synchronized void succeeded(StepState state, Object value) {
        if (state.phase != Phase.RUNNING || end != null) {
            return;
        }
        finish(state, StepEvent.success(state.step, state.context.attempts(), elapsedMs(state), value));
        afterStep(state);
    }

    @SuppressWarnings({ "unchecked", "rawtypes" })
    private synchronized void failed(StepState state, Throwable error) {
        if (state.phase != Phase.RUNNING || end != null) {
            return;
        }
        StepFailure failure = StepFailure.find(error);
        if (failure == null) {
            failure = new StepFailure(StepFailure.Kind.UPSTREAM, "unexpected failure: " + error, null, error);
        }
        Fallback<?> fallback = null;
        if (failure.kind() != StepFailure.Kind.CANCELLED) {
            fallback = (Fallback<?>) ((Step) state.step).fallback().apply(state.context, failure);
        }
        int attempts = state.context.attempts();
        long elapsed = elapsedMs(state);
        finish(state, fallback != null
                ? StepEvent.fallback(state.step, attempts, elapsed, fallback, failure)
                : StepEvent.failure(state.step, attempts, elapsed, failure));
        afterStep(state);
    }

    private void afterStep(StepState state) {
        if (state.event.failsExecution()) {
            cancelRest("not finished: " + state.step.name() + " failed");
            end(End.FAILED);
            emitter.complete();
        } else {
            launchReady();
        }
    }

    /** Ends every step not yet done, cancelling running work, and publishes why. */
    private void cancelRest(String reason) {
        for (StepState state : states.values()) {
            if (state.phase == Phase.DONE) {
                continue;
            }
            boolean running = state.phase == Phase.RUNNING;
            Cancellable work = state.work;
            StepFailure failure = new StepFailure(
                    running ? StepFailure.Kind.CANCELLED : StepFailure.Kind.DEPENDENCY, reason);
            finish(state, StepEvent.failure(state.step, running ? state.context.attempts() : 0,
                    running ? elapsedMs(state) : 0, failure));
            if (work != null) {
                work.cancel();
            }
        }
    }

    private void finish(StepState state, StepEvent outcome) {
        StepEvent event = state.context == null ? outcome
                : outcome.calls(state.context.shared(), state.context.hedged(), (state.startedAt - startedAt) / 1_000_000,
                        state.context.attemptsAtMs(state.startedAt), (System.nanoTime() - startedAt) / 1_000_000
                                + deadline.remaining().toMillis());
        state.phase = Phase.DONE;
        state.work = null;
        state.event = event;
        completionOrder.add(state);
        observer.stepFinished(event);
        emitter.emit(event);
    }

    /** The subscriber went away, or the engine is shutting down: stop all work still running. */
    synchronized void abandon() {
        if (end != null) {
            return;
        }
        stopRunning();
        end(End.ABANDONED);
        emitter.complete();
    }

    /** Hands the compensations this ending owes to the runner, last completed first. */
    @SuppressWarnings({ "unchecked", "rawtypes" })
    private void end(End how) {
        end = how;
        List<Compensations.Pending> owed = new ArrayList<>();
        for (int i = completionOrder.size() - 1; i >= 0; i--) {
            StepState state = completionOrder.get(i);
            Step.Compensation compensation = state.step.compensation();
            if (compensation == null || state.event == null || state.event.outcome() != Outcome.OK) {
                continue;
            }
            if (compensation.always() || how != End.COMPLETED) {
                Object value = state.event.value();
                owed.add(new Compensations.Pending(state.step.name(),
                        Uni.createFrom().deferred(() -> ((Function<Object, Uni<Void>>) compensation.action()).apply(value))));
            }
        }
        compensations.run(owed);
        onEnd.run();
    }

    private static long elapsedMs(StepState state) {
        return (System.nanoTime() - state.startedAt) / 1_000_000;
    }
}
