package io.departure.gateway.testing;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.SingleThreadEventExecutor;
import io.vertx.core.Vertx;

/**
 * Keeps every event loop behind, as a flood of traffic would: work handed to each from another
 * thread, about {@code tasks} tasks of 2 ms waiting on each at all times, until closed.
 */
public final class EventLoopFlood implements AutoCloseable {

    private final AtomicBoolean busy = new AtomicBoolean(true);
    private final Thread thread;

    public EventLoopFlood(Vertx vertx, int tasks) {
        thread = new Thread(() -> {
            while (busy.get()) {
                for (EventExecutor loop : vertx.nettyEventLoopGroup()) {
                    while (busy.get() && ((SingleThreadEventExecutor) loop).pendingTasks() < tasks) {
                        loop.execute(() -> {
                            long until = System.nanoTime() + 2_000_000L;
                            while (busy.get() && System.nanoTime() < until) {
                                Thread.onSpinWait();
                            }
                        });
                    }
                }
                LockSupport.parkNanos(1_000_000L);
            }
        }, "event-loop-flood");
        thread.start();
    }

    @Override
    public void close() throws InterruptedException {
        busy.set(false);
        thread.join();
    }
}
