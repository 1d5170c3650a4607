package io.departure.gateway.execution;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.smallrye.mutiny.subscription.MultiEmitter;

/**
 * One execution as the memory store keeps it: what it was asked, its events (frozen into JSON
 * once it ends), its followers, its redrives and the delivery of its callback. Read and changed
 * under its own lock, which {@link MemoryExecutionStore} takes.
 */
final class MemoryEntry {

    final String id;
    final ExecutionQuery query;
    final String idempotencyKey;
    final String callback;
    final Instant startedAt;
    List<Recorded> events = new ArrayList<>(6);
    final List<MultiEmitter<? super Recorded>> followers = new ArrayList<>(1);
    Status status = Status.RUNNING;
    Instant endedAt;
    long endedAtNanos;
    Object result;
    /** A finished execution's events and result as JSON ({@link FrozenExecution}). */
    byte[] frozen;
    boolean dropped;
    int redriveCount;
    Instant redrivenAt;
    /** The delivery of the latest end's callback; null while it runs, or without a callback. */
    ExecutionStatus.Callback delivery;
    /** The idempotency keys of its redrives. */
    List<String> redriveKeys = List.of();

    MemoryEntry(String id, ExecutionQuery query, String idempotencyKey, String callback, Instant startedAt) {
        this.id = id;
        this.query = query;
        this.idempotencyKey = idempotencyKey;
        this.callback = callback;
        this.startedAt = startedAt;
    }

    ExecutionStatus.Callback callback() {
        return delivery != null ? delivery : callback == null ? null : ExecutionStatus.Callback.to(callback);
    }

    /** It has just ended: its callback, if it has one, is owed. */
    void owe() {
        if (callback != null) {
            delivery = ExecutionStatus.Callback.to(callback).owed();
        }
    }

    /**
     * Makes it run again, once more redriven: its events back from JSON so that more can be
     * appended, its end and delivery forgotten.
     *
     * @return how it had ended
     */
    Status runAgain(EventCodec codec, Instant at) {
        Status previous = status;
        if (frozen != null) {
            events = new ArrayList<>(FrozenExecution.thaw(codec, frozen).events());
            frozen = null;
        }
        result = null;
        endedAt = null;
        delivery = null;
        status = Status.RUNNING;
        redriveCount++;
        redrivenAt = at;
        return previous;
    }

    /** Its status document. */
    ExecutionStatus document(EventCodec codec) {
        Object shown = result;
        List<Recorded> recorded;
        if (frozen != null) {
            FrozenExecution thawed = FrozenExecution.thaw(codec, frozen);
            shown = thawed.result();
            recorded = thawed.events();
        } else {
            recorded = List.copyOf(events);
        }
        return new ExecutionStatus(id, status, query, startedAt, endedAt, shown, recorded, redriveCount, redrivenAt, callback());
    }
}
