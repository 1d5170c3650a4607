package io.departure.gateway.backend;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.mutiny.subscription.UniEmitter;

/**
 * Identical calls in flight at the same time share one: the first caller starts it, the others
 * wait for its answer, each no longer than its own time allows. A caller that leaves (its own
 * timeout, its client gone) leaves alone; the
 * shared call is cancelled when the last one leaves. Its answer, or its failure, goes to the
 * callers waiting at that moment, each on its own event loop; a caller that comes after starts
 * another call.
 */
final class Coalescer {

    private final Map<String, Shared> inFlight = new ConcurrentHashMap<>();

    /**
     * The answer of {@code call}, or of an identical one in flight under {@code key};
     * {@code joined} runs when this caller shares one started by another. A caller that shares
     * waits at most {@code patience}, then fails with {@code impatient} (the call it started
     * itself times out on its own, where the circuit breaker sees it).
     */
    @SuppressWarnings("unchecked")
    <T> Uni<T> join(String key, Supplier<Uni<T>> call, Runnable joined, Duration patience, Supplier<Throwable> impatient) {
        return Uni.createFrom().emitter(emitter -> {
            Waiter waiter = new Waiter((UniEmitter<Object>) emitter, CallerContext.current());
            Shared shared;
            boolean first;
            do {
                Shared created = new Shared(key);
                Shared existing = inFlight.putIfAbsent(key, created);
                first = existing == null;
                shared = first ? created : existing;
            } while (!shared.add(waiter));
            Shared joinedCall = shared;
            if (first) {
                emitter.onTermination(() -> joinedCall.leave(waiter));
                joinedCall.start((Supplier<Uni<Object>>) (Supplier<?>) call);
            } else {
                Cancellable patienceLost = Uni.createFrom().voidItem().onItem().delayIt().by(patience).subscribe()
                        .with(ignored -> emitter.fail(impatient.get()));
                emitter.onTermination(() -> {
                    patienceLost.cancel();
                    joinedCall.leave(waiter);
                });
                joined.run();
            }
        });
    }

    private record Waiter(UniEmitter<Object> emitter, CallerContext caller) {

        void complete(Object item) {
            caller.execute(() -> emitter.complete(item));
        }

        void fail(Throwable failure) {
            caller.execute(() -> emitter.fail(failure));
        }
    }

    private final class Shared {
        private final String key;
        private final List<Waiter> waiters = new ArrayList<>(2);
        private boolean over;
        private Cancellable upstream;

        Shared(String key) {
            this.key = key;
        }

        /** Adds a waiter; false when the call is over and the waiter must start another. */
        synchronized boolean add(Waiter waiter) {
            if (over) {
                return false;
            }
            waiters.add(waiter);
            return true;
        }

        void start(Supplier<Uni<Object>> call) {
            synchronized (this) {
                if (over) {
                    // Its caller left before it started (a cancellation racing a retry): nothing reaches the backend.
                    return;
                }
            }
            Cancellable running = call.get().subscribe().with(this::answered, this::failed);
            boolean abandoned;
            synchronized (this) {
                upstream = running;
                abandoned = over;
            }
            if (abandoned) {
                // Over before it was assigned: answered (cancelling then does nothing) or every caller already left.
                running.cancel();
            }
        }

        private void answered(Object item) {
            for (Waiter waiter : end()) {
                waiter.complete(item);
            }
        }

        private void failed(Throwable failure) {
            for (Waiter waiter : end()) {
                waiter.fail(failure);
            }
        }

        private synchronized List<Waiter> end() {
            if (over) {
                return List.of();
            }
            over = true;
            inFlight.remove(key, this);
            List<Waiter> waiting = List.copyOf(waiters);
            waiters.clear();
            return waiting;
        }

        void leave(Waiter waiter) {
            Cancellable cancel;
            synchronized (this) {
                if (over || !waiters.remove(waiter) || !waiters.isEmpty()) {
                    return;
                }
                over = true;
                inFlight.remove(key, this);
                cancel = upstream;
            }
            if (cancel != null) {
                cancel.cancel();
            }
        }
    }
}
