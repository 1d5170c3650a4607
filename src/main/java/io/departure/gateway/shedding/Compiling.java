package io.departure.gateway.shedding;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.function.LongSupplier;

/**
 * Whether a freshly started JVM's just-in-time compiler is at work: a process compiling its code
 * runs its event loops late with no queue that would make a departure miss its deadline (its code
 * gets faster as it goes), so a standing queue seen meanwhile is waited out, not shed. Busy when
 * the compiler spent at least {@value #BUSY_SHARE_PERCENT} % of the last window compiling, in the
 * process's first {@value #FRESH_S} s: the JIT does most of its work then (bench/RESULTS.md: the
 * plain jar reaches its warm rate in its third 10 s window). Later, a process starved of CPU
 * compiles slowly for minutes, and a queue standing then is shed: waited out at any age, 48 % of
 * the departures offered at twice capacity were answered in time, against 69–86 % shed
 * (bench/RESULTS.md, "Shedding's target, and the compiler"). A native executable has no compiler
 * to wait for: never busy.
 */
final class Compiling {

    /** How often the compiler's time is read, ms. */
    static final long WINDOW_MS = 250;
    static final long BUSY_SHARE_PERCENT = 10;
    /** How long after start a busy compiler is the process warming up. */
    static final long FRESH_S = 90;

    /** The compiler's total time so far, ms; null when the runtime has none (a native image) or does not count it. */
    private final LongSupplier compiled;
    private final LongSupplier nanos;
    private final long started;
    private long last;
    private volatile boolean busy;

    /**
     * @param compiled the compiler's total time so far, ms (null: none)
     * @param nanos the clock the process's age is read from
     */
    Compiling(LongSupplier compiled, LongSupplier nanos) {
        this.compiled = compiled;
        this.nanos = nanos;
        this.started = nanos.getAsLong();
        this.last = compiled == null ? 0 : compiled.getAsLong();
    }

    /** The running JVM's compiler, if it has one that counts its time. */
    static Compiling jvm() {
        try {
            CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
            return new Compiling(jit != null && jit.isCompilationTimeMonitoringSupported() ? jit::getTotalCompilationTime : null,
                    System::nanoTime);
        } catch (RuntimeException | LinkageError none) {
            return new Compiling(null, System::nanoTime);
        }
    }

    /** Reads the compiler's time once a window (a timer calls it every {@value #WINDOW_MS} ms). */
    void sample() {
        if (compiled == null) {
            return;
        }
        long now = compiled.getAsLong();
        busy = (now - last) * 100 >= WINDOW_MS * BUSY_SHARE_PERCENT && nanos.getAsLong() - started < FRESH_S * 1_000_000_000L;
        last = now;
    }

    boolean busy() {
        return busy;
    }

    /** Whether a compiler's time is read at all (not in a native executable). */
    boolean watching() {
        return compiled != null;
    }
}
