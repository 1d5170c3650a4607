package io.departure.gateway.execution.redis;

import java.util.ArrayList;
import java.util.List;

import io.departure.gateway.execution.Recorded;

/**
 * The clients that follow, from memory, an execution this replica writes: each is sent what is
 * stored so far, then every event once it is stored. Once the execution ends here or is lost, it
 * takes no more feeds, and a lost one's feeds go on reading the store from where they are.
 */
final class LocalFanOut {

    private final List<Recorded> events;
    private final List<EventFeed> feeds = new ArrayList<>(1);
    private boolean closed;

    LocalFanOut(List<Recorded> history) {
        this.events = new ArrayList<>(history);
    }

    /** @return false when the execution is no longer followed from here */
    synchronized boolean attach(EventFeed feed) {
        if (closed) {
            return false;
        }
        events.forEach(feed::emit);
        feeds.add(feed);
        return true;
    }

    synchronized void remove(EventFeed feed) {
        feeds.remove(feed);
    }

    /** Sends every feed events just stored; the last of them ends the execution when {@code ends}. */
    void stored(List<Recorded> stored, boolean ends) {
        List<EventFeed> following;
        synchronized (this) {
            events.addAll(stored);
            following = List.copyOf(feeds);
            if (ends) {
                closed = true;
                feeds.clear();
            }
        }
        for (EventFeed feed : following) {
            stored.forEach(feed::emit);
            if (ends) {
                feed.complete();
            }
        }
    }

    /** Takes no more feeds; answers those it had (none when it was closed already). */
    synchronized List<EventFeed> close() {
        if (closed) {
            return List.of();
        }
        closed = true;
        List<EventFeed> moved = List.copyOf(feeds);
        feeds.clear();
        return moved;
    }
}
