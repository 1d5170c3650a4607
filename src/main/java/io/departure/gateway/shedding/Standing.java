package io.departure.gateway.shedding;

/**
 * Whether a queue is standing rather than passing, as CoDel tells them apart: its delay has been
 * over a threshold for a whole interval without a moment under it. A burst, or one pause (a long
 * GC, a process frozen and restored as Lambda SnapStart does), makes the delay high once and
 * drains; a standing queue does not. Fed on one thread (its event loop); read from any.
 */
final class Standing {

    private final long threshold;
    private final long interval;
    /** Whether the last delay was over the threshold, and since when they all have been. */
    private boolean over;
    private long overSince;
    private volatile boolean standing;

    Standing(long thresholdNanos, long intervalNanos) {
        this.threshold = thresholdNanos;
        this.interval = intervalNanos;
    }

    /** A measured delay: {@code delay} ns, of work that was due at {@code due} and ran at {@code now}. */
    void sample(long due, long now, long delay) {
        if (delay < threshold) {
            over = false;
            standing = false;
        } else if (!over) {
            // The queue this work waited in was there from when it was due; alone, it is not standing yet.
            over = true;
            overSince = due;
        } else {
            standing = now - overSince >= interval;
        }
    }

    boolean standing() {
        return standing;
    }
}
