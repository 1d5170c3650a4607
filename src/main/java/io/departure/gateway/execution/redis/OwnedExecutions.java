package io.departure.gateway.execution.redis;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import io.departure.gateway.execution.Recorded;
import io.departure.gateway.execution.redis.ExecutionWriter.Write;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * The executions this replica owns: each written in order by its {@link ExecutionWriter} and
 * followed from memory here ({@link LocalFanOut}) until it ends, or is lost and its clients go on
 * reading the store from where they are ({@link RedisTail}).
 */
final class OwnedExecutions {

    private final Map<String, Owned> owned = new ConcurrentHashMap<>();
    private final ExecutionWriter.Store store;
    private final RedisTail tail;
    private final Consumer<String> failed;

    /** @param failed told of an execution a batch of which could not be stored */
    OwnedExecutions(ExecutionWriter.Store store, RedisTail tail, Consumer<String> failed) {
        this.store = store;
        this.tail = tail;
        this.failed = failed;
    }

    /** Owns an execution from now on, with its events so far; a deferred one is written only with its end. */
    void own(String id, List<Recorded> history, boolean deferred) {
        owned.put(id, new Owned(id, history, deferred));
    }

    boolean owns(String id) {
        return owned.containsKey(id);
    }

    /** @return false when this replica does not own the execution: nothing is written */
    boolean write(String id, Write write) {
        Owned execution = owned.get(id);
        if (execution == null) {
            return false;
        }
        execution.writer.enqueue(write);
        return true;
    }

    /** @return false when this replica does not write the execution: the feed is to read the store */
    boolean attach(EventFeed feed) {
        Owned execution = owned.get(feed.id());
        return execution != null && execution.feeds.attach(feed);
    }

    void remove(EventFeed feed) {
        Owned execution = owned.get(feed.id());
        if (execution != null) {
            execution.feeds.remove(feed);
        }
    }

    /** Writes nothing more for the execution; its clients go on reading the store. */
    void lose(String id) {
        Owned execution = owned.get(id);
        if (execution != null) {
            execution.writer.stop();
            owned.remove(id, execution);
            execution.feeds.close().forEach(tail::follow);
        }
    }

    /** Completes once no write is under way. */
    Uni<Void> settled() {
        return Multi.createFrom().iterable(List.copyOf(owned.values()))
                .onItem().transformToUniAndMerge(execution -> execution.writer.settled())
                .collect().last()
                .replaceWithVoid();
    }

    private final class Owned implements ExecutionWriter.Outcome {
        final String id;
        final LocalFanOut feeds;
        final ExecutionWriter writer;

        Owned(String id, List<Recorded> history, boolean deferred) {
            this.id = id;
            this.feeds = new LocalFanOut(history);
            this.writer = new ExecutionWriter(id, history.size(), deferred, store, this);
        }

        @Override
        public void stored(List<Recorded> events, boolean ends) {
            feeds.stored(events, ends);
            if (ends) {
                owned.remove(id, this);
            }
        }

        @Override
        public void failed() {
            failed.accept(id);
        }
    }
}
