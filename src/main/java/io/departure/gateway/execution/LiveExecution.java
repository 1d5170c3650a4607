package io.departure.gateway.execution;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import io.departure.gateway.departure.Departure;
import io.departure.gateway.departure.DepartureService;
import io.departure.gateway.engine.StepEvent;
import io.departure.gateway.execution.Executions.Answered;
import io.departure.gateway.execution.Executions.Spec;
import io.departure.gateway.problem.Problem;
import io.departure.gateway.problem.ProblemException;
import io.departure.gateway.watch.DepartureWatch;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * One execution running on this replica: it runs the departure (and its watch), appends each of
 * its events to the store and ends it there, once. Once over, by its end, a cancellation or a
 * stop, nothing more is written for it and the work it started is cancelled or left to finish.
 */
final class LiveExecution {

    private static final Logger LOG = Logger.getLogger(LiveExecution.class);

    /**
     * What every live execution on this replica works with.
     *
     * @param watchLimit how long a watch lasts after its departure
     * @param deliveries told of the completion callbacks owed by the executions that end here
     * @param over told once an execution is over here
     */
    record Shared(ExecutionStore store, DepartureService departures, DepartureWatch watches, Duration watchLimit, Clock clock,
            Deliveries deliveries, Consumer<LiveExecution> over) {
    }

    private final String id;
    private final Spec spec;
    private final Shared shared;
    /** Told how the departure ended, for a client waiting for it; null when none waits. */
    private final Consumer<Answered> answered;
    /** Run once the execution is over here; may be null. */
    private final Runnable ended;
    private final List<StepEvent> outcomes = new ArrayList<>(2);
    private final Cancellables work = new Cancellables();
    /** The event loop the execution started on, whose HTTP clients its backend calls use. */
    private final Context context = Vertx.currentContext();
    private Departure departure;
    private boolean over;
    /** Made when a stream's client first comes or goes, so that the sync and async views' executions have none. */
    private ResumeWindow window;

    LiveExecution(String id, Spec spec, Shared shared, Consumer<Answered> answered, Runnable ended) {
        this.id = id;
        this.spec = spec;
        this.shared = shared;
        this.answered = answered;
        this.ended = ended;
    }

    String id() {
        return id;
    }

    View origin() {
        return spec.origin();
    }

    /** The 410 problem of a cancelled execution. */
    static Problem cancelled(String why) {
        return Problem.of("cancelled", "Execution cancelled", 410, why);
    }

    void start() {
        run(Map.of());
    }

    /**
     * Continues the execution from its stored events: the steps whose outcome is stored are
     * not called again; a watch whose departure was sent watches again from its latest values.
     * After a redrive, only the steps whose outcome was {@code ok} are kept ({@link Replay}).
     */
    void resume(List<Recorded> history) {
        Replay replay = Replay.of(history, shared.departures());
        if (!replay.departureSent()) {
            run(replay.known());
            return;
        }
        synchronized (this) {
            outcomes.addAll(replay.known().values());
            departure = Departure.of(shared.departures().parts(), outcomes);
        }
        watch(departure.withValues(replay.latest()), replay.watchLeft(shared.clock().instant(), shared.watchLimit()));
    }

    private void run(Map<String, StepEvent> known) {
        synchronized (this) {
            outcomes.addAll(known.values());
        }
        work.add(shared.departures().execute(spec.query().facts(), spec.deadline(), spec.timeouts(), known)
                .subscribe().with(this::stepFinished, this::broken, this::departureDone));
    }

    private synchronized void stepFinished(StepEvent event) {
        if (!over) {
            outcomes.add(event);
            shared.store().append(id, event.step(), event);
        }
    }

    private void departureDone() {
        Departure result;
        StepEvent failed;
        synchronized (this) {
            if (over) {
                return;
            }
            result = Departure.of(shared.departures().parts(), outcomes);
            failed = outcomes.stream().filter(StepEvent::failsExecution).findFirst().orElse(null);
        }
        if (failed != null) {
            ProblemException failure = ProblemException.from(failed).withParts(result.parts());
            end(Status.FAILED, "error", failure.problem(), failure.problem(), new Answered(id, result, failure));
            return;
        }
        Status status = result.complete() ? Status.SUCCEEDED : Status.PARTIAL;
        if (!spec.query().watch()) {
            end(status, "departure", result, result, new Answered(id, result, null));
            return;
        }
        synchronized (this) {
            if (over) {
                return;
            }
            departure = result;
            shared.store().append(id, "departure", result);
        }
        watch(result, shared.watchLimit());
    }

    private void watch(Departure sent, Duration limit) {
        DepartureWatch watches = shared.watches();
        String finalState = watches.finalState(sent);
        if (finalState != null) {
            watched(new DepartureWatch.End(finalState, null));
            return;
        }
        work.add(watches.watch(id, shared.departures().facts(spec.query().facts(), sent), sent, limit, (event, data) -> {
            synchronized (this) {
                if (!over) {
                    shared.store().append(id, event, data);
                }
            }
        }).subscribe().with(this::watched, this::broken));
    }

    private void watched(DepartureWatch.End end) {
        Status status = DepartureWatch.End.ERROR.equals(end.reason()) ? Status.FAILED
                : departure.complete() ? Status.SUCCEEDED : Status.PARTIAL;
        end(status, "end", end, departure, null);
    }

    private void broken(Throwable failure) {
        LOG.errorf(failure, "execution %s failed unexpectedly", id);
        Problem problem = Problem.of("internal", "Internal error", 500, "the execution failed unexpectedly");
        end(Status.FAILED, "error", problem, problem, new Answered(id, null, new ProblemException(problem, null)));
    }

    /** Appends the last event and ends the execution, once; a waiting client is answered once the store has it. */
    private void end(Status status, String event, Object data, Object result, Answered answer) {
        if (over() == null) {
            return;
        }
        shared.store().finish(id, status, event, data, result).subscribe().with(
                ended -> {
                    if (ended && spec.callback() != null) {
                        shared.deliveries().owe(id);
                    }
                    tell(answer);
                },
                failure -> {
                    LOG.warnf(failure, "execution %s: its end could not be stored", id);
                    tell(answer);
                });
    }

    /**
     * Marks the execution over, once: no event is written for it after this, and work started
     * from now on is cancelled at once.
     *
     * @return the work it started, to cancel or leave to finish; null when it already was over
     */
    private List<Cancellable> over() {
        List<Cancellable> started;
        synchronized (this) {
            if (over) {
                return null;
            }
            over = true;
            if (window != null) {
                window.close();
            }
            started = work.close();
        }
        shared.over().accept(this);
        if (ended != null) {
            ended.run();
        }
        return started;
    }

    private void tell(Answered answer) {
        if (answered != null && answer != null) {
            answered.accept(answer);
        }
    }

    /**
     * Cancels the execution: its backend calls are cancelled, its compensations run, and the
     * store ends it as cancelled.
     *
     * @return whether it was running
     */
    Uni<Boolean> cancel(String why) {
        List<Cancellable> started = over();
        if (started == null) {
            return Uni.createFrom().item(false);
        }
        Problem problem = cancelled(why);
        tell(new Answered(id, null, new ProblemException(problem, null)));
        cancelWork(started);
        return shared.store().cancel(id, problem).invoke(cancelled -> {
            if (cancelled && spec.callback() != null) {
                shared.deliveries().owe(id);
            }
        });
    }

    /** {@link #cancel}, for a caller that has nobody to tell how it went. */
    void cancelQuietly(String why) {
        cancel(why).subscribe().with(ignored -> {
        }, failure -> LOG.debug("cancelling an execution", failure));
    }

    /** Stops the execution's work without writing anything: it is someone else's now, or is handed over. */
    void stop() {
        List<Cancellable> started = over();
        if (started != null) {
            tell(new Answered(id, null, new ProblemException(cancelled("the execution was cancelled or moved elsewhere"), null)));
            cancelWork(started);
        }
    }

    /**
     * Cancelling the engine's subscriptions abandons the execution: calls are cancelled and
     * compensations run. On the execution's own event loop, where its requests live: a
     * cancellation may come from a timer's thread or another request's loop.
     */
    private void cancelWork(List<Cancellable> started) {
        if (context == null || Vertx.currentContext() == context) {
            started.forEach(Cancellable::cancel);
        } else {
            context.runOnContext(ignored -> started.forEach(Cancellable::cancel));
        }
    }

    /** A client follows the execution. */
    void joined() {
        window().joined();
    }

    /** A client that followed the execution left: see {@link ResumeWindow#left}. */
    void left(Duration window) {
        window().left(window);
    }

    private synchronized ResumeWindow window() {
        if (window == null) {
            window = new ResumeWindow(() -> shared.store().followedElsewhere(id), this::cancelQuietly);
            if (over) {
                window.close();
            }
        }
        return window;
    }
}
