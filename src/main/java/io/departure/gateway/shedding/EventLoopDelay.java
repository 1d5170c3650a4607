package io.departure.gateway.shedding;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.netty.util.concurrent.EventExecutor;

/**
 * One event loop's queueing delay: a probe due every {@value #PROBE_MS} ms measures how late the
 * loop runs it. A request waits for its loop the same way (in the socket's buffer, then behind the
 * loop's other work) before its first handler, so the delay is also how long a request read now
 * has waited, which no timestamp the server takes can see. Measured and judged on the loop itself.
 */
final class EventLoopDelay {

    static final long PROBE_MS = 10;

    private final EventExecutor executor;
    private final BooleanSupplier stopped;
    /** Late enough that the gateway, not a backend, may be why an attempt timed out. */
    final Standing late;
    /** A standing queue of requests: new departures are shed. */
    final Standing queue;
    /** When the pending probe is due (ns); written and read on the loop. */
    private long due;
    /** How late the last probe ran (ns). */
    private volatile long delay;

    EventLoopDelay(EventExecutor executor, BooleanSupplier stopped, Standing late, Standing queue) {
        this.executor = executor;
        this.stopped = stopped;
        this.late = late;
        this.queue = queue;
    }

    void start() {
        executor.execute(this::next);
    }

    /** How late the loop ran its last probe, ns. */
    long delay() {
        return delay;
    }

    /**
     * How long work the loop runs now waited for it, ns: the last probe's delay, or more when the
     * pending probe is already overdue. Call it on the loop.
     */
    long waitingNow(long now) {
        return Math.max(delay, now - due);
    }

    private void next() {
        if (stopped.getAsBoolean()) {
            return;
        }
        due = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PROBE_MS);
        executor.schedule(this::probe, PROBE_MS, TimeUnit.MILLISECONDS);
    }

    private void probe() {
        long now = System.nanoTime();
        long late = Math.max(0, now - due);
        delay = late;
        this.late.sample(due, now, late);
        queue.sample(due, now, late);
        next();
    }
}
