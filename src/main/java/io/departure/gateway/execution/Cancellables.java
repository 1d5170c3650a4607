package io.departure.gateway.execution;

import java.util.ArrayList;
import java.util.List;

import io.smallrye.mutiny.subscription.Cancellable;

/**
 * Work started on behalf of something that stops once (an execution, a stream): it is kept until
 * the stop hands it back to cancel, and work added after the stop is cancelled at once, so none
 * outlives it.
 */
final class Cancellables {

    private final List<Cancellable> held = new ArrayList<>(2);
    private boolean closed;

    /** Keeps {@code work} to cancel on {@link #close}; cancels it at once when already closed. */
    void add(Cancellable work) {
        synchronized (this) {
            if (!closed) {
                held.add(work);
                return;
            }
        }
        work.cancel();
    }

    /** Closes: the work kept so far, for the caller to cancel where it must; empty when closed before. */
    synchronized List<Cancellable> close() {
        closed = true;
        List<Cancellable> taken = List.copyOf(held);
        held.clear();
        return taken;
    }
}
