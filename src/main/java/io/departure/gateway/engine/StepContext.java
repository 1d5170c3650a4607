package io.departure.gateway.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** What a running step sees: the execution's deadline and the values of the steps it needs. */
public final class StepContext {

    private final String step;
    private final Deadline deadline;
    private final Map<String, Object> inputs;
    private final Consumer<Object> publisher;
    private final AtomicInteger attempts = new AtomicInteger();
    private final List<Long> attemptStarts = new ArrayList<>(2);
    private volatile boolean shared;
    private volatile boolean hedged;

    StepContext(String step, Deadline deadline, Map<String, Object> inputs, Consumer<Object> publisher) {
        this.step = step;
        this.deadline = deadline;
        this.inputs = inputs;
        this.publisher = publisher;
    }

    public String step() {
        return step;
    }

    public Deadline deadline() {
        return deadline;
    }

    /** The value produced by a step this one needs. */
    public <V> V input(String name, Class<V> type) {
        Object value = inputs.get(name);
        if (value == null) {
            throw new IllegalStateException("step " + step + " does not need " + name);
        }
        return type.cast(value);
    }

    /** Called by the step's guard at the start of every attempt. */
    public void attemptStarted() {
        attempts.incrementAndGet();
        long now = System.nanoTime();
        synchronized (attemptStarts) {
            attemptStarts.add(now);
        }
    }

    /** When each attempt started, in ms after {@code since} (a {@link System#nanoTime} reading). */
    List<Long> attemptsAtMs(long since) {
        synchronized (attemptStarts) {
            List<Long> at = new ArrayList<>(attemptStarts.size());
            for (long start : attemptStarts) {
                at.add(Math.max(0, (start - since) / 1_000_000));
            }
            return at;
        }
    }

    public int attempts() {
        return attempts.get();
    }

    /** Called by the step's guard when an attempt shared an identical call already in flight. */
    public void calledShared() {
        shared = true;
    }

    /** Called by the step's guard when an attempt was hedged (a second one sent while the first was slow). */
    public void calledHedged() {
        hedged = true;
    }

    boolean shared() {
        return shared;
    }

    boolean hedged() {
        return hedged;
    }

    /** Publishes an update of a long-running step as a {@link StepUpdate}; ignored once the step is over. */
    public void publish(Object value) {
        publisher.accept(value);
    }
}
