package io.departure.gateway.execution;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * How long an execution waits for a client to come back: once the last client following it
 * left, it is abandoned when the window has passed with no client back, here or on another
 * replica ({@code Duration.ZERO}: at once). Nothing is abandoned once it is closed.
 */
final class ResumeWindow {

    private final Supplier<Uni<Boolean>> followedElsewhere;
    private final Consumer<String> abandon;
    private int followers;
    private Cancellable pending;
    private boolean closed;

    /**
     * @param followedElsewhere whether a client followed the execution on another replica within the window
     * @param abandon cancels the execution, for the reason given
     */
    ResumeWindow(Supplier<Uni<Boolean>> followedElsewhere, Consumer<String> abandon) {
        this.followedElsewhere = followedElsewhere;
        this.abandon = abandon;
    }

    /** A client follows the execution: an abandonment {@link #left} had scheduled no longer happens. */
    synchronized void joined() {
        followers++;
        if (pending != null) {
            pending.cancel();
            pending = null;
        }
    }

    /** A client that followed the execution left: when it was the last, the window opens. */
    void left(Duration window) {
        synchronized (this) {
            followers = Math.max(0, followers - 1);
            if (closed || followers > 0) {
                return;
            }
            if (!window.isZero()) {
                awaitReturn(window);
                return;
            }
        }
        abandon.accept("no client followed the stream");
    }

    /** The execution is over: nothing is to be abandoned any more. */
    synchronized void close() {
        closed = true;
        if (pending != null) {
            pending.cancel();
        }
    }

    private synchronized void awaitReturn(Duration window) {
        if (pending != null) {
            pending.cancel();
        }
        pending = Uni.createFrom().voidItem().onItem().delayIt().by(window)
                .onItem().transformToUni(ignored -> followedElsewhere.get())
                .subscribe().with(elsewhere -> windowPassed(elsewhere, window), failure -> windowPassed(false, window));
    }

    private void windowPassed(boolean elsewhere, Duration window) {
        synchronized (this) {
            if (followers > 0 || closed) {
                return;
            }
            if (elsewhere) {
                awaitReturn(window);
                return;
            }
        }
        abandon.accept("no client came back within the resume window");
    }
}
