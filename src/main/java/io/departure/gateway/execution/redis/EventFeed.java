package io.departure.gateway.execution.redis;

import io.departure.gateway.execution.Recorded;
import io.smallrye.mutiny.subscription.MultiEmitter;

/**
 * One client's feed of an execution's events: each event once, in order, whether it comes from
 * this replica's memory or from the store, and as it moves from one to the other.
 */
final class EventFeed {

    private final String id;
    private final MultiEmitter<? super Recorded> emitter;
    private volatile long last;

    /** @param after the sequence of the last event the client has, -1 for none */
    EventFeed(String id, MultiEmitter<? super Recorded> emitter, long after) {
        this.id = id;
        this.emitter = emitter;
        this.last = after;
    }

    /** The execution followed. */
    String id() {
        return id;
    }

    /** The sequence of the last event sent. */
    long last() {
        return last;
    }

    synchronized void emit(Recorded event) {
        if (event.sequence() > last) {
            last = event.sequence();
            emitter.emit(event);
        }
    }

    /**
     * Sends a stored entry; true when it was the last one and the feed is done. An execution's
     * last event is followed by more when it was redriven ({@code more}): the feed goes on.
     */
    boolean deliver(RedisCodec.Entry entry, boolean more) {
        emit(entry.recorded());
        if (entry.last() && !more) {
            emitter.complete();
            return true;
        }
        return false;
    }

    void complete() {
        emitter.complete();
    }

    void fail(Throwable failure) {
        emitter.fail(failure);
    }

    /** Whether the client left. */
    boolean cancelled() {
        return emitter.isCancelled();
    }
}
