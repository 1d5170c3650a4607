package io.departure.gateway.engine;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * Runs compensations detached from the subscriber that caused them (it may be gone), one after
 * the other in the order given, each retried with backoff for a bounded time; remembers the ones
 * still running so that shutdown can wait for them.
 */
final class Compensations {

    /** A completed step's compensation, bound to the step's value. */
    record Pending(String step, Uni<Void> action) {
    }

    private final Backoff backoff;
    private final Duration giveUpAfter;
    private final EngineObserver observer;
    private final Set<CountDownLatch> running = ConcurrentHashMap.newKeySet();

    Compensations(Backoff backoff, Duration giveUpAfter, EngineObserver observer) {
        this.backoff = backoff;
        this.giveUpAfter = giveUpAfter;
        this.observer = observer;
    }

    void run(List<Pending> inOrder) {
        if (inOrder.isEmpty()) {
            return;
        }
        CountDownLatch done = new CountDownLatch(1);
        running.add(done);
        Multi.createFrom().iterable(inOrder)
                .onItem().transformToUniAndConcatenate(this::attempt)
                .onTermination().invoke(() -> {
                    running.remove(done);
                    done.countDown();
                })
                .subscribe().with(ignored -> {
                }, failure -> {
                });
    }

    private Uni<Void> attempt(Pending pending) {
        AtomicInteger attempts = new AtomicInteger();
        Deadline giveUp = Deadline.in(giveUpAfter);
        Uni<Void> once = Uni.createFrom().deferred(() -> {
            attempts.incrementAndGet();
            return pending.action();
        });
        return backoff.retry(once, Integer.MAX_VALUE, failure -> true, giveUp::remaining)
                .ifNoItem().after(giveUpAfter).fail()
                .onItemOrFailure().transformToUni((ignored, failure) -> {
                    observer.compensated(pending.step(), attempts.get(), failure);
                    // A compensation that failed for good is reported; the ones before it still run.
                    return Uni.createFrom().voidItem();
                });
    }

    /** Waits, blocking, for the compensations under way; for shutdown only. */
    boolean awaitRunning(Duration timeout) throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        for (CountDownLatch latch : List.copyOf(running)) {
            long left = until - System.nanoTime();
            if (left <= 0 || !latch.await(left, TimeUnit.NANOSECONDS)) {
                return false;
            }
        }
        return true;
    }
}
