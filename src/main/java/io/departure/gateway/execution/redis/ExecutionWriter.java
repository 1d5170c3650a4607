package io.departure.gateway.execution.redis;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.Logger;

import io.departure.gateway.execution.Recorded;
import io.departure.gateway.execution.Status;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;

/**
 * Writes one execution this replica owns, in order: one batch at a time, the writes queued
 * meanwhile together in the next one, never past a last write. A sync view's execution is written
 * only with its end, in one batch: nobody can ask for it before its answer names it. Once a batch
 * fails, or the execution is no longer this replica's, nothing more is written.
 */
final class ExecutionWriter {

    private static final Logger LOG = Logger.getLogger(ExecutionWriter.class);

    /** One write of an execution: an event, or with a status its last event. */
    record Write(String event, Object data, long at, Status status, Object result, UniEmitter<? super Boolean> done) {

        boolean last() {
            return status != null;
        }

        void done(boolean stored) {
            if (done != null) {
                done.complete(stored);
            }
        }
    }

    /** Stores a batch of events numbered from {@code first}; answers as {@link RedisWrites#write} does. */
    @FunctionalInterface
    interface Store {
        Uni<Long> write(String id, long first, List<Write> batch);
    }

    /** What becomes of the execution's writes. */
    interface Outcome {

        /** These events were stored, the last of them ending the execution when {@code ends}. */
        void stored(List<Recorded> events, boolean ends);

        /** A batch could not be stored: the execution is no longer this replica's to write. */
        void failed();
    }

    private final String id;
    private final boolean deferred;
    private final Store store;
    private final Outcome outcome;
    private final ArrayDeque<Write> queue = new ArrayDeque<>(2);
    private final List<Runnable> whenSettled = new ArrayList<>(0);
    /** The sequence of the next event to store. */
    private long next;
    private boolean writing;
    private boolean stopped;

    /**
     * @param next the number of events already stored
     * @param deferred whether to write nothing before the last write
     */
    ExecutionWriter(String id, long next, boolean deferred, Store store, Outcome outcome) {
        this.id = id;
        this.next = next;
        this.deferred = deferred;
        this.store = store;
        this.outcome = outcome;
    }

    void enqueue(Write write) {
        synchronized (this) {
            if (stopped) {
                write.done(false);
                return;
            }
            queue.add(write);
            if (writing || (deferred && !write.last())) {
                return;
            }
            writing = true;
        }
        drain();
    }

    /** Writes nothing more; the writes still queued are answered as not stored. */
    void stop() {
        List<Write> dropped;
        synchronized (this) {
            stopped = true;
            dropped = List.copyOf(queue);
            queue.clear();
        }
        dropped.forEach(write -> write.done(false));
    }

    /** Completes once no batch is under way. */
    Uni<Void> settled() {
        return Uni.createFrom().emitter(done -> {
            synchronized (this) {
                if (writing) {
                    whenSettled.add(() -> done.complete(null));
                    return;
                }
            }
            done.complete(null);
        });
    }

    private void drain() {
        List<Write> batch = new ArrayList<>(queue.size());
        long first;
        List<Runnable> settled = List.of();
        synchronized (this) {
            while (!stopped && !queue.isEmpty() && (batch.isEmpty() || !batch.get(batch.size() - 1).last())) {
                batch.add(queue.poll());
            }
            first = next;
            if (batch.isEmpty()) {
                writing = false;
                settled = List.copyOf(whenSettled);
                whenSettled.clear();
            }
        }
        if (batch.isEmpty()) {
            settled.forEach(Runnable::run);
            return;
        }
        store.write(id, first, batch).subscribe().with(result -> written(batch, first, result), failure -> {
            LOG.warnf("execution %s: %d events could not be stored: %s", id, batch.size(), failure.getMessage());
            failed(batch);
        });
    }

    private void written(List<Write> batch, long first, long result) {
        boolean ends = batch.get(batch.size() - 1).last();
        if (result <= 0 || (ends && result != first + batch.size())) {
            if (result < 0) {
                LOG.errorf("execution %s: event %d is out of order in the store", id, first);
            }
            failed(batch);
            return;
        }
        List<Recorded> recorded = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            Write write = batch.get(i);
            recorded.add(new Recorded(Recorded.id(id, first + i), write.event(), Instant.ofEpochMilli(write.at()), write.data(), first + i));
        }
        synchronized (this) {
            next = first + batch.size();
        }
        if (ends) {
            stop();
        }
        outcome.stored(recorded, ends);
        batch.forEach(write -> write.done(true));
        drain();
    }

    private void failed(List<Write> batch) {
        batch.forEach(write -> write.done(false));
        outcome.failed();
        drain();
    }
}
