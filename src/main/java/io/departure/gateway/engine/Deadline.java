package io.departure.gateway.engine;

import java.time.Duration;

/** A point in monotonic time by which an execution must be over. */
public record Deadline(long atNanos) {

    public static Deadline in(Duration budget) {
        return new Deadline(System.nanoTime() + budget.toNanos());
    }

    /** Time left, never negative. */
    public Duration remaining() {
        return Duration.ofNanos(Math.max(0, atNanos - System.nanoTime()));
    }

    public boolean expired() {
        return atNanos - System.nanoTime() <= 0;
    }
}
