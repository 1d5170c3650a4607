package io.departure.gateway.shedding;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.function.LongSupplier;

/**
 * Whether the JVM's just-in-time compiler is at work: a process compiling its code runs its event
 * loops late with no queue that would make a departure miss its deadline (its code gets faster as
 * it goes), so a standing queue seen meanwhile is waited out, not shed. Busy when the compiler
 * spent at least {@value #BUSY_SHARE_PERCENT} % of the last window compiling. A native executable
 * has no compiler to wait for: never busy.
 */
final class Compiling {

    /** How often the compiler's time is read, ms. */
    static final long WINDOW_MS = 250;
    static final long BUSY_SHARE_PERCENT = 10;

    /** The compiler's total time so far, ms; null when the runtime has none (a native image) or does not count it. */
    private final LongSupplier compiled;
    private long last;
    private volatile boolean busy;

    Compiling(LongSupplier compiled) {
        this.compiled = compiled;
        this.last = compiled == null ? 0 : compiled.getAsLong();
    }

    /** The running JVM's compiler, if it has one that counts its time. */
    static Compiling jvm() {
        try {
            CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
            return new Compiling(jit != null && jit.isCompilationTimeMonitoringSupported() ? jit::getTotalCompilationTime : null);
        } catch (RuntimeException | LinkageError none) {
            return new Compiling(null);
        }
    }

    /** Reads the compiler's time once a window (a timer calls it every {@value #WINDOW_MS} ms). */
    void sample() {
        if (compiled == null) {
            return;
        }
        long now = compiled.getAsLong();
        busy = (now - last) * 100 >= WINDOW_MS * BUSY_SHARE_PERCENT;
        last = now;
    }

    boolean busy() {
        return busy;
    }
}
