package io.departure.gateway.execution;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.departure.gateway.departure.Departure;
import io.departure.gateway.problem.ProblemException;
import io.departure.gateway.problem.ProblemMapper;
import io.smallrye.mutiny.Uni;

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

    /** How a departure ended, for the view that waits for it (the sync view). */
    public record Answered(String id, Departure departure, ProblemException failure) {
    }

    /**
     * What an execution is to run: its query, its deadline, the per-attempt timeouts of its view,
     * the view that started it, and where its completion callback goes (null: none).
     */
    public record Spec(ExecutionQuery query, Duration deadline, Map<String, Duration> timeouts, View origin, String callback) {

        public Spec(ExecutionQuery query, Duration deadline, Map<String, Duration> timeouts, View origin) {
            this(query, deadline, timeouts, origin, null);
        }

        /** The same execution, calling {@code url} back when it ends. */
        public Spec withCallback(String url) {
            return new Spec(query, deadline, timeouts, origin, url);
        }

        /** The same execution, calling back where {@code status} says (nowhere when it has no callback). */
        Spec withCallbackOf(ExecutionStatus status) {
            return status.callback() == null ? this : withCallback(status.callback().url());
        }
    }

    private final ExecutionStore store;
    private final RunningExecutions running;
    private final StreamTerms streamTerms;
    private final Takeover takeover;
    private final Deliveries deliveries;
    private final Clock clock;

    Executions(ExecutionStore store, RunningExecutions running, StreamTerms streamTerms, Takeover takeover, Deliveries deliveries,
            Clock clock) {
        this.store = store;
        this.running = running;
        this.streamTerms = streamTerms;
        this.takeover = takeover;
        this.deliveries = deliveries;
        this.clock = clock;
    }

    /** An execution on the stream view's terms (its deadline and timeouts), as streams and async executions run. */
    public Spec onStreamTerms(ExecutionQuery query, View origin) {
        return streamTerms.of(query, origin);
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
        return store.create(spec.query(), spec.origin(), clock.instant().plus(spec.deadline()), idempotencyKey, spec.callback())
                .invoke(created -> {
                    if (!created.existing()) {
                        running.launch(created.id(), spec, null, ended).start();
                    } else if (ended != null) {
                        ended.run();
                    }
                }).onFailure().invoke(() -> run(ended));
    }

    /**
     * Redrives an execution that ended {@code PARTIAL} or {@code FAILED}: under the same id, on the
     * stream view's terms (a fresh deadline) and whoever follows it, the steps whose outcome was
     * {@code ok} keep their values and are not called, the others run again. With an idempotency
     * key already used for it, answers that redrive instead.
     *
     * @param ended run once the redriven run ends here (or is stopped, or handed over), or at once when none was started
     * @return the status document as the redrive left it; null when the execution is unknown or expired
     */
    public Uni<ExecutionStatus> redrive(String id, String idempotencyKey, Runnable ended) {
        return store.redrive(id, clock.instant().plus(streamTerms.deadline()), idempotencyKey).map(redriven -> {
            if (redriven == null || redriven.existing()) {
                run(ended);
                return redriven == null ? null : redriven.status();
            }
            ExecutionStatus status = redriven.status();
            deliveries.drop(id);
            running.launch(id, streamTerms.of(status.query(), View.ASYNC).withCallbackOf(status), null, ended)
                    .resume(status.history());
            return status;
        }).onFailure().invoke(() -> run(ended));
    }

    private static void run(Runnable ended) {
        if (ended != null) {
            ended.run();
        }
    }

    /**
     * Starts an execution for a client that waits for its departure: the Uni ends with the
     * departure or the problem that failed it, once the store has it; cancelling it (the client
     * went away) cancels the execution.
     */
    public Uni<Answered> answer(Spec spec) {
        return store.create(spec.query(), spec.origin(), clock.instant().plus(spec.deadline()), null)
                .onItem().transformToUni(created -> Uni.createFrom().emitter(emitter -> {
                    LiveExecution live = running.launch(created.id(), spec, emitter::complete, null);
                    emitter.onTermination(() -> live.cancelQuietly("the client went away"));
                    live.start();
                }));
    }

    /**
     * Cancels a running execution, here or in any process that shares the store: its backend
     * calls are cancelled and its compensations run.
     *
     * @return whether it was running
     */
    public Uni<Boolean> cancel(String id, String why) {
        LiveExecution live = running.get(id);
        if (live != null) {
            return live.cancel(why);
        }
        return store.cancel(id, LiveExecution.cancelled(why)).invoke(cancelled -> {
            if (cancelled) {
                deliveries.owe(id);
            }
        });
    }

    /**
     * A client follows the execution: a cancellation {@link #left} had scheduled no longer happens.
     */
    public void joined(String id) {
        LiveExecution live = running.get(id);
        if (live != null) {
            live.joined();
        }
    }

    /**
     * A client that followed the execution left: when none follows it {@code window} later, here
     * or elsewhere, it is cancelled ({@code Duration.ZERO}: at once).
     */
    public void left(String id, Duration window) {
        LiveExecution live = running.get(id);
        if (live != null) {
            live.left(window);
        }
    }

    /**
     * Stops every execution this process runs, for shutdown; their compensations run. A shared
     * store's executions are handed over to the other replicas, which continue them; the memory
     * store's end with the process and are cancelled.
     */
    public Uni<Void> shutdown() {
        return takeover.shutdown();
    }
}
