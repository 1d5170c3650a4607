package io.departure.gateway.execution;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import io.departure.gateway.config.GatewayConfig;
import io.departure.gateway.departure.Departure;
import io.departure.gateway.departure.DepartureService;
import io.departure.gateway.engine.StepEvent;
import io.departure.gateway.problem.Problem;
import io.departure.gateway.problem.ProblemException;
import io.departure.gateway.problem.ProblemMapper;
import io.departure.gateway.watch.DepartureWatch;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Runs departures as stored executions, detached from the connection that asked for them: every
 * event is appended to the {@link ExecutionStore} as it happens, and every view reads it there.
 * The events are those of the stream view: {@code execution} (naming it), one per step, then
 * {@code departure} or {@code error}, and watching, the parts' changes and {@code end}.
 */
@ApplicationScoped
public class Executions {

    /** The response header that names the execution behind an answer. */
    public static final String HEADER = ProblemMapper.EXECUTION_HEADER;

    /** The first event of every execution. */
    public static final String EXECUTION = "execution";

    /** How a departure ended, for the view that waits for it (the sync view). */
    public record Answered(String id, Departure departure, ProblemException failure) {
    }

    /** What an execution is to run: its query, its deadline and the per-attempt timeouts of its view. */
    public record Spec(ExecutionQuery query, Duration deadline, Map<String, Duration> timeouts) {
    }

    private final ExecutionStore store;
    private final DepartureService departures;
    private final DepartureWatch watches;
    private final Duration streamDeadline;
    /** The stream view's own per-attempt timeouts, by step ({@code departure.stream.<step>.timeout}). */
    private final Map<String, Duration> streamTimeouts;
    /** The executions this process is running. */
    private final Map<String, Run> running = new ConcurrentHashMap<>();

    Executions(ExecutionStore store, DepartureService departures, DepartureWatch watches, GatewayConfig config) {
        this.store = store;
        this.departures = departures;
        this.watches = watches;
        this.streamDeadline = config.stream().deadline();
        Map<String, Duration> timeouts = new HashMap<>();
        config.stream().steps().forEach((step, settings) -> settings.timeout().ifPresent(timeout -> timeouts.put(step, timeout)));
        this.streamTimeouts = Map.copyOf(timeouts);
    }

    /** An execution on the stream view's terms (its deadline and timeouts), as streams and async executions run. */
    public Spec onStreamTerms(ExecutionQuery query) {
        return new Spec(query, streamDeadline, streamTimeouts);
    }

    public ExecutionStore store() {
        return store;
    }

    /**
     * Starts an execution that runs until it ends or is cancelled, whoever follows it; with an
     * idempotency key already used for the same query, answers that execution instead.
     */
    public Uni<ExecutionStore.Created> start(Spec spec, String idempotencyKey) {
        return store.create(spec.query(), idempotencyKey).invoke(created -> {
            if (!created.existing()) {
                launch(created.id(), spec, null);
            }
        });
    }

    /**
     * Starts an execution for a client that waits for its departure: the Uni ends with the
     * departure or the problem that failed it; cancelling it (the client went away) cancels
     * the execution.
     */
    public Uni<Answered> answer(Spec spec) {
        return store.create(spec.query(), null).onItem().transformToUni(created -> Uni.createFrom().emitter(emitter -> {
            Run run = launch(created.id(), spec, emitter::complete);
            emitter.onTermination(() -> run.cancel("the client went away"));
        }));
    }

    /**
     * Cancels an execution this process runs: its backend calls are cancelled and its
     * compensations run.
     *
     * @return false when it is not running here
     */
    public boolean cancel(String id, String why) {
        Run run = running.get(id);
        return run != null && run.cancel(why);
    }

    /**
     * A client follows the execution: a cancellation {@link #left} had scheduled no longer happens.
     */
    public void joined(String id) {
        Run run = running.get(id);
        if (run != null) {
            run.joined();
        }
    }

    /**
     * A client that followed the execution left: when none follows it {@code window} later, it
     * is cancelled ({@code Duration.ZERO}: at once).
     */
    public void left(String id, Duration window) {
        Run run = running.get(id);
        if (run != null) {
            run.left(window);
        }
    }

    /** Cancels every execution this process runs, for shutdown; their compensations run. */
    public void cancelAll(String why) {
        List.copyOf(running.values()).forEach(run -> run.cancel(why));
    }

    private Run launch(String id, Spec spec, Consumer<Answered> answered) {
        Run run = new Run(id, spec, answered);
        running.put(id, run);
        run.start();
        return run;
    }

    /** One execution running here: it turns the engine's events into stored ones. */
    private final class Run {
        private final String id;
        private final Spec spec;
        private final Consumer<Answered> answered;
        private final List<StepEvent> outcomes = new ArrayList<>(2);
        private final List<Cancellable> started = new ArrayList<>(2);
        private Departure departure;
        private boolean over;
        private int followers;
        private Cancellable pendingCancel;
        /** The event loop the execution started on, whose HTTP clients its backend calls use. */
        private final Context context = Vertx.currentContext();

        Run(String id, Spec spec, Consumer<Answered> answered) {
            this.id = id;
            this.spec = spec;
            this.answered = answered;
        }

        void start() {
            store.append(id, EXECUTION, Map.of("id", id));
            Cancellable work = departures.execute(spec.query().departureQuery(), spec.deadline(), spec.timeouts())
                    .subscribe().with(this::stepFinished, this::broken, this::departureDone);
            synchronized (this) {
                if (over) {
                    work.cancel();
                } else {
                    started.add(work);
                }
            }
        }

        private synchronized void stepFinished(StepEvent event) {
            if (!over) {
                outcomes.add(event);
                store.append(id, event.step(), event);
            }
        }

        private void departureDone() {
            Departure result;
            StepEvent failed;
            synchronized (this) {
                if (over) {
                    return;
                }
                result = Departure.of(departures.parts(), outcomes);
                failed = outcomes.stream().filter(StepEvent::failsExecution).findFirst().orElse(null);
            }
            if (failed != null) {
                ProblemException failure = ProblemException.from(failed).withParts(result.parts());
                end(Status.FAILED, "error", failure.problem(), failure.problem());
                tell(new Answered(id, result, failure));
                return;
            }
            Status status = result.complete() ? Status.SUCCEEDED : Status.PARTIAL;
            if (!spec.query().watch()) {
                end(status, "departure", result, result);
                tell(new Answered(id, result, null));
                return;
            }
            synchronized (this) {
                if (over) {
                    return;
                }
                departure = result;
                store.append(id, "departure", result);
            }
            String finalState = watches.finalState(result);
            if (finalState != null) {
                watched(new DepartureWatch.End(finalState, null));
                return;
            }
            Cancellable watch = watches.watch(departures.facts(spec.query().departureQuery(), result), result, update -> {
                synchronized (this) {
                    if (!over) {
                        store.append(id, update.step(), update);
                    }
                }
            }).subscribe().with(this::watched, this::broken);
            synchronized (this) {
                if (over) {
                    watch.cancel();
                } else {
                    started.add(watch);
                }
            }
        }

        private void watched(DepartureWatch.End end) {
            Status status = "error".equals(end.reason()) ? Status.FAILED
                    : departure.complete() ? Status.SUCCEEDED : Status.PARTIAL;
            end(status, "end", end, departure);
        }

        private void broken(Throwable failure) {
            Problem problem = Problem.of("internal", "Internal error", 500, "the execution failed unexpectedly");
            end(Status.FAILED, "error", problem, problem);
            tell(new Answered(id, null, new ProblemException(problem, null)));
        }

        /** Appends the last event and ends the execution, once. */
        private void end(Status status, String event, Object data, Object result) {
            synchronized (this) {
                if (over) {
                    return;
                }
                over = true;
                store.append(id, event, data);
                store.finish(id, status, result);
                if (pendingCancel != null) {
                    pendingCancel.cancel();
                }
            }
            running.remove(id);
        }

        private void tell(Answered answer) {
            if (answered != null) {
                answered.accept(answer);
            }
        }

        boolean cancel(String why) {
            List<Cancellable> work;
            synchronized (this) {
                if (over) {
                    return false;
                }
                Problem problem = Problem.of("cancelled", "Execution cancelled", 410, why);
                over = true;
                store.append(id, "error", problem);
                store.finish(id, Status.CANCELLED, problem);
                work = List.copyOf(started);
                started.clear();
                if (pendingCancel != null) {
                    pendingCancel.cancel();
                }
            }
            running.remove(id);
            // Cancelling the engine's subscription abandons the execution: calls are cancelled
            // and compensations run. On the execution's own event loop, where its requests
            // live: a cancellation may come from a timer's thread or another request's loop.
            if (context == null || Vertx.currentContext() == context) {
                work.forEach(Cancellable::cancel);
            } else {
                context.runOnContext(ignored -> work.forEach(Cancellable::cancel));
            }
            return true;
        }

        synchronized void joined() {
            followers++;
            if (pendingCancel != null) {
                pendingCancel.cancel();
                pendingCancel = null;
            }
        }

        void left(Duration window) {
            synchronized (this) {
                followers = Math.max(0, followers - 1);
                if (over || followers > 0) {
                    return;
                }
                if (!window.isZero()) {
                    if (pendingCancel != null) {
                        pendingCancel.cancel();
                    }
                    pendingCancel = Uni.createFrom().voidItem().onItem().delayIt().by(window)
                            .subscribe().with(ignored -> abandonedLongEnough());
                    return;
                }
            }
            cancel("no client followed the stream");
        }

        private void abandonedLongEnough() {
            synchronized (this) {
                if (followers > 0 || over) {
                    return;
                }
            }
            cancel("no client came back within the resume window");
        }
    }
}
