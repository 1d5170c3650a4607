package io.departure.gateway.execution;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.departure.gateway.departure.Departure;
import io.departure.gateway.departure.DepartureService;
import io.departure.gateway.engine.StepEvent;
import io.departure.gateway.problem.Problem;
import io.departure.gateway.problem.ProblemException;
import io.departure.gateway.problem.ProblemMapper;
import io.departure.gateway.watch.DepartureWatch;
import io.departure.gateway.watch.WatchConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Runs departures as stored executions, detached from the connection that asked for them: every
 * event is appended to the {@link ExecutionStore} as it happens, and every view reads it there.
 * The events are those of the stream view: {@code execution} (naming it), one per step, then
 * {@code departure} or {@code error}, and watching, the parts' changes and {@code end}. With a
 * shared store, an execution whose replica died is continued here from its stored events.
 */
@ApplicationScoped
public class Executions implements ExecutionStore.Owner {

    private static final Logger LOG = Logger.getLogger(Executions.class);

    /** The response header that names the execution behind an answer. */
    public static final String HEADER = ProblemMapper.EXECUTION_HEADER;

    /** How a departure ended, for the view that waits for it (the sync view). */
    public record Answered(String id, Departure departure, ProblemException failure) {
    }

    /**
     * What an execution is to run: its query, its deadline, the per-attempt timeouts of its view,
     * and the view that started it.
     */
    public record Spec(ExecutionQuery query, Duration deadline, Map<String, Duration> timeouts, View origin) {
    }

    private final ExecutionStore store;
    private final DepartureService departures;
    private final DepartureWatch watches;
    private final Clock clock;
    private final Duration streamDeadline;
    private final Duration resumeWindow;
    private final Duration watchLimit;
    /** The stream view's own per-attempt timeouts, by step ({@code departure.stream.<step>.timeout}). */
    private final Map<String, Duration> streamTimeouts;
    /** The executions this process is running. */
    private final Map<String, Run> running = new ConcurrentHashMap<>();
    private final MeterRegistry registry;
    private final List<Gauge> gauges = new ArrayList<>();

    Executions(ExecutionStore store, DepartureService departures, DepartureWatch watches, StreamConfig config, WatchConfig watch, Clock clock,
            MeterRegistry registry) {
        this.store = store;
        this.registry = registry;
        for (View origin : View.values()) {
            gauges.add(Gauge.builder("departure.executions.running", running,
                    runs -> runs.values().stream().filter(run -> run.spec.origin() == origin).count())
                    .tag("view", origin.name().toLowerCase(Locale.ROOT))
                    .description("Departures this replica is running, by the view that started them (watches included)")
                    .register(registry));
        }
        this.departures = departures;
        this.watches = watches;
        this.clock = clock;
        this.streamDeadline = config.deadline();
        this.resumeWindow = config.resumeWindow();
        this.watchLimit = watch.maxDuration();
        Map<String, Duration> timeouts = new HashMap<>();
        config.steps().forEach((step, settings) -> settings.timeout().ifPresent(timeout -> timeouts.put(step, timeout)));
        this.streamTimeouts = Map.copyOf(timeouts);
    }

    /**
     * Removes the gauges: one left registered would go on reading this instance's map, weakly held,
     * and vanish from the metrics once it is collected (seen with several applications in one JVM).
     */
    void stopped(@Observes ShutdownEvent event) {
        gauges.forEach(registry::remove);
    }

    void started(@Observes StartupEvent event) {
        store.serve(this);
    }

    /** An execution on the stream view's terms (its deadline and timeouts), as streams and async executions run. */
    public Spec onStreamTerms(ExecutionQuery query, View origin) {
        return new Spec(query, streamDeadline, streamTimeouts, origin);
    }

    public ExecutionStore store() {
        return store;
    }

    /**
     * Starts an execution that runs until it ends or is cancelled, whoever follows it; with an
     * idempotency key already used for the same query, answers that execution instead.
     */
    public Uni<ExecutionStore.Created> start(Spec spec, String idempotencyKey) {
        return start(spec, idempotencyKey, null);
    }

    /**
     * {@link #start(Spec, String)}, running {@code ended} once the execution ends here (or is
     * stopped, or handed over), or at once when none was started.
     */
    public Uni<ExecutionStore.Created> start(Spec spec, String idempotencyKey, Runnable ended) {
        return store.create(spec.query(), spec.origin(), clock.instant().plus(spec.deadline()), idempotencyKey).invoke(created -> {
            if (!created.existing()) {
                Run run = launch(created.id(), spec, null);
                run.ended = ended;
                run.start();
            } else if (ended != null) {
                ended.run();
            }
        }).onFailure().invoke(() -> {
            if (ended != null) {
                ended.run();
            }
        });
    }

    /**
     * Starts an execution for a client that waits for its departure: the Uni ends with the
     * departure or the problem that failed it, once the store has it; cancelling it (the client
     * went away) cancels the execution.
     */
    public Uni<Answered> answer(Spec spec) {
        return store.create(spec.query(), spec.origin(), clock.instant().plus(spec.deadline()), null)
                .onItem().transformToUni(created -> Uni.createFrom().emitter(emitter -> {
                    Run run = launch(created.id(), spec, emitter::complete);
                    emitter.onTermination(() -> ignore(run.cancel("the client went away")));
                    run.start();
                }));
    }

    /**
     * Cancels a running execution, here or in any process that shares the store: its backend
     * calls are cancelled and its compensations run.
     *
     * @return whether it was running
     */
    public Uni<Boolean> cancel(String id, String why) {
        Run run = running.get(id);
        return run != null ? run.cancel(why) : store.cancel(id, cancelled(why));
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
     * A client that followed the execution left: when none follows it {@code window} later, here
     * or elsewhere, it is cancelled ({@code Duration.ZERO}: at once).
     */
    public void left(String id, Duration window) {
        Run run = running.get(id);
        if (run != null) {
            run.left(window);
        }
    }

    /**
     * Stops every execution this process runs, for shutdown; their compensations run. A shared
     * store's executions are handed over to the other replicas, which continue them; the memory
     * store's end with the process and are cancelled.
     */
    public Uni<Void> shutdown() {
        List<Run> runs = List.copyOf(running.values());
        if (!store.shared()) {
            runs.forEach(run -> run.cancel("the gateway is shutting down").subscribe().with(ignored -> {
            }, failure -> {
            }));
            return Uni.createFrom().voidItem();
        }
        runs.forEach(Run::stop);
        return store.handOver();
    }

    @Override
    public void lost(String id) {
        Run run = running.get(id);
        if (run != null) {
            run.stop();
        }
    }

    @Override
    public void claimed(ExecutionStore.Claimed claimed) {
        ExecutionStatus status = claimed.status();
        if (claimed.origin() == View.SYNC) {
            // Its client waited on the replica that stopped: nobody is left to answer.
            store.cancel(status.id(), cancelled("the replica that answered its client stopped")).subscribe().with(ignored -> {
            }, failure -> LOG.debugf(failure, "cancelling execution %s", status.id()));
            return;
        }
        Duration left = Duration.between(clock.instant(), claimed.deadline());
        Spec spec = onStreamTerms(status.query(), claimed.origin());
        Run run = launch(status.id(), new Spec(spec.query(), left.isNegative() ? Duration.ZERO : left, spec.timeouts(), spec.origin()),
                null);
        LOG.infof("continuing execution %s (%s, %d events so far), its replica having stopped", status.id(), claimed.origin(),
                status.history().size());
        run.resume(status.history());
        if (claimed.origin() == View.STREAM) {
            run.left(resumeWindow);
        }
    }

    private static Problem cancelled(String why) {
        return Problem.of("cancelled", "Execution cancelled", 410, why);
    }

    private Run launch(String id, Spec spec, Consumer<Answered> answered) {
        Run run = new Run(id, spec, answered);
        running.put(id, run);
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
        /** Run once the execution is over here. */
        private Runnable ended;
        /** The event loop the execution started on, whose HTTP clients its backend calls use. */
        private final Context context = Vertx.currentContext();

        Run(String id, Spec spec, Consumer<Answered> answered) {
            this.id = id;
            this.spec = spec;
            this.answered = answered;
        }

        void start() {
            run(Map.of());
        }

        /**
         * Continues the execution from its stored events: the steps whose outcome is stored are
         * not called again; a watch whose departure was sent watches again from its latest values.
         */
        void resume(List<Recorded> history) {
            Map<String, StepEvent> known = new LinkedHashMap<>();
            Map<String, Object> latest = new HashMap<>();
            Instant sentAt = null;
            for (Recorded event : history) {
                if ("departure".equals(event.event())) {
                    sentAt = event.at();
                } else if (departures.parts().contains(event.event())) {
                    if (sentAt == null) {
                        known.put(event.event(), departures.restore(event.event(), event.data()));
                    } else {
                        latest.put(event.event(), departures.restoreValue(event.event(), event.data()));
                    }
                }
            }
            if (sentAt == null) {
                run(known);
                return;
            }
            synchronized (this) {
                outcomes.addAll(known.values());
                departure = Departure.of(departures.parts(), outcomes);
            }
            Duration left = Duration.between(clock.instant(), sentAt.plus(watchLimit));
            watch(departure.withValues(latest), left.isNegative() ? Duration.ZERO : left);
        }

        private void run(Map<String, StepEvent> known) {
            synchronized (this) {
                outcomes.addAll(known.values());
            }
            Cancellable work = departures.execute(spec.query().facts(), spec.deadline(), spec.timeouts(), known)
                    .subscribe().with(this::stepFinished, this::broken, this::departureDone);
            keep(work);
        }

        /** Keeps work to cancel with the execution, or cancels it at once when the execution is over. */
        private void keep(Cancellable work) {
            synchronized (this) {
                if (!over) {
                    started.add(work);
                    return;
                }
            }
            work.cancel();
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
                store.append(id, "departure", result);
            }
            watch(result, watchLimit);
        }

        private void watch(Departure sent, Duration limit) {
            String finalState = watches.finalState(sent);
            if (finalState != null) {
                watched(new DepartureWatch.End(finalState, null));
                return;
            }
            keep(watches.watch(departures.facts(spec.query().facts(), sent), sent, limit, update -> {
                synchronized (this) {
                    if (!over) {
                        store.append(id, update.step(), update);
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
            if (!over()) {
                return;
            }
            store.finish(id, status, event, data, result).subscribe().with(
                    ignored -> tell(answer),
                    failure -> {
                        LOG.warnf(failure, "execution %s: its end could not be stored", id);
                        tell(answer);
                    });
        }

        /** Marks the execution over, once; no event is written for it after this. */
        private boolean over() {
            synchronized (this) {
                if (over) {
                    return false;
                }
                over = true;
                if (pendingCancel != null) {
                    pendingCancel.cancel();
                }
            }
            running.remove(id, this);
            if (ended != null) {
                ended.run();
            }
            return true;
        }

        private void tell(Answered answer) {
            if (answered != null && answer != null) {
                answered.accept(answer);
            }
        }

        Uni<Boolean> cancel(String why) {
            List<Cancellable> work = stopped();
            if (work == null) {
                return Uni.createFrom().item(false);
            }
            Problem problem = cancelled(why);
            tell(new Answered(id, null, new ProblemException(problem, null)));
            cancelWork(work);
            return store.cancel(id, problem);
        }

        /** Stops the execution's work without writing anything: it is someone else's now, or is handed over. */
        void stop() {
            List<Cancellable> work = stopped();
            if (work != null) {
                tell(new Answered(id, null, new ProblemException(cancelled("the execution was cancelled or moved elsewhere"), null)));
                cancelWork(work);
            }
        }

        /** Marks the execution over and takes its work; null when it already was over. */
        private List<Cancellable> stopped() {
            if (!over()) {
                return null;
            }
            synchronized (this) {
                List<Cancellable> work = List.copyOf(started);
                started.clear();
                return work;
            }
        }

        /**
         * Cancelling the engine's subscriptions abandons the execution: calls are cancelled and
         * compensations run. On the execution's own event loop, where its requests live: a
         * cancellation may come from a timer's thread or another request's loop.
         */
        private void cancelWork(List<Cancellable> work) {
            if (context == null || Vertx.currentContext() == context) {
                work.forEach(Cancellable::cancel);
            } else {
                context.runOnContext(ignored -> work.forEach(Cancellable::cancel));
            }
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
                    awaitReturn(window);
                    return;
                }
            }
            ignore(cancel("no client followed the stream"));
        }

        /** Cancels the execution unless a client follows it, here or elsewhere, {@code window} from now. */
        private synchronized void awaitReturn(Duration window) {
            if (pendingCancel != null) {
                pendingCancel.cancel();
            }
            pendingCancel = Uni.createFrom().voidItem().onItem().delayIt().by(window)
                    .onItem().transformToUni(ignored -> store.followedElsewhere(id))
                    .subscribe().with(elsewhere -> abandonedLongEnough(elsewhere, window), failure -> abandonedLongEnough(false, window));
        }

        private void abandonedLongEnough(boolean followedElsewhere, Duration window) {
            synchronized (this) {
                if (followers > 0 || over) {
                    return;
                }
                if (followedElsewhere) {
                    awaitReturn(window);
                    return;
                }
            }
            ignore(cancel("no client came back within the resume window"));
        }
    }

    private static void ignore(Uni<Boolean> done) {
        done.subscribe().with(ignored -> {
        }, failure -> LOG.debug("cancelling an execution", failure));
    }
}
