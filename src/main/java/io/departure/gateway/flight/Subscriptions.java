package io.departure.gateway.flight;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The subscriptions one watch has made at the flight service: the first, and each one made again
 * after the service answered 404 for the one before. Every one is made under the watch's
 * idempotency key, so that a repeat finds the live one instead of making a second; all are
 * released when the watch ends, so none is left leased whichever the service still keeps.
 */
final class Subscriptions {

    private final String key;
    private final List<Subscription> made = new CopyOnWriteArrayList<>();
    private volatile int keyed = 1;

    /** @param key the watch's idempotency key, {@code <execution id>:subscription} */
    Subscriptions(String key, Subscription first) {
        this.key = key;
        made.add(first);
    }

    /** The key to subscribe with: the watch's own, unless the service keeps it for a subscription it has lost. */
    String key() {
        int n = keyed;
        return n == 1 ? key : key + ":" + n;
    }

    /** The subscription the updates come from: the last one made. */
    Subscription current() {
        return made.get(made.size() - 1);
    }

    /**
     * Takes a subscription made again. When the service answers with one it has lost already (it
     * keeps a key past its subscription's life), the next key is used from then on.
     *
     * @return whether it is a new one, to follow
     */
    synchronized boolean add(Subscription again) {
        if (made.stream().anyMatch(subscription -> subscription.id().equals(again.id()))) {
            keyed++;
            return false;
        }
        made.add(again);
        return true;
    }

    /** Every subscription made, to release. */
    List<Subscription> all() {
        return List.copyOf(made);
    }
}
