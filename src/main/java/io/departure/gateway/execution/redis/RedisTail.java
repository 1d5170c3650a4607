package io.departure.gateway.execution.redis;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

import io.departure.gateway.execution.Status;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisConnection;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * Follows the executions that other replicas write, for every client of this replica at once:
 * what is stored, then the live events through one {@code XREAD BLOCK} over all their streams, on
 * a connection of its own so that the blocking read never holds a connection other commands wait
 * for. A new feed interrupts the read in progress ({@code CLIENT UNBLOCK}) so that the next one
 * includes it.
 */
final class RedisTail {

    private static final Logger LOG = Logger.getLogger(RedisTail.class);
    private static final long BLOCK_MS = 1000;
    private static final int BATCH = 100;
    private static final Duration AGAIN = Duration.ofMillis(500);

    private final Redis redis;
    private final RedisCodec codec;
    private final Set<EventFeed> feeds = ConcurrentHashMap.newKeySet();
    private RedisConnection connection;
    private String connectionId;
    private boolean reading;
    private boolean blocked;
    private boolean closed;

    RedisTail(Redis redis, RedisCodec codec) {
        this.redis = redis;
        this.codec = codec;
    }

    /** Sends the feed what is stored after its last event, then, while the execution runs, the live ones. */
    void follow(EventFeed feed) {
        String id = feed.id();
        long last = feed.last();
        redis.batch(List.of(
                Request.cmd(Command.XRANGE).arg(RedisCodec.events(id)).arg(last < 0 ? "-" : "(" + RedisCodec.entryId(last)).arg("+"),
                Request.cmd(Command.HGET).arg(RedisCodec.key(id)).arg("status")))
                .subscribe().with(responses -> {
                    RedisCodec.Entry read = null;
                    for (Response entry : responses.get(0)) {
                        read = codec.entry(id, entry);
                        feed.emit(read.recorded());
                    }
                    Response status = responses.get(1);
                    boolean ended = status != null && !Status.RUNNING.name().equals(status.toString());
                    // Read one after the other: an end, or a redrive after the last end, may have come in between.
                    if (status == null || ended && (read == null || read.last())) {
                        feed.complete();
                    } else if (!feed.cancelled()) { // a client that left meanwhile is not followed
                        add(feed);
                    }
                }, feed::fail);
    }

    private void add(EventFeed feed) {
        feeds.add(feed);
        String interrupt;
        synchronized (this) {
            if (closed) {
                feed.complete();
                return;
            }
            if (!reading) {
                reading = true;
                interrupt = null;
            } else {
                interrupt = blocked ? connectionId : "";
            }
        }
        if (interrupt == null) {
            read();
        } else if (!interrupt.isEmpty()) {
            redis.send(Request.cmd(Command.CLIENT).arg("UNBLOCK").arg(interrupt)).subscribe().with(ignored -> {
            }, failure -> LOG.debugf("interrupting the tail's read failed: %s", failure.getMessage()));
        }
    }

    void remove(EventFeed feed) {
        feeds.remove(feed);
    }

    /** Tells the owners of the executions followed from here that a client follows them, for {@code window}. */
    void markFollowed(Duration window) {
        Set<String> followed = new HashSet<>();
        feeds.forEach(feed -> followed.add(feed.id()));
        List<Request> marks = followed.stream()
                .map(id -> Request.cmd(Command.SET).arg(RedisCodec.seen(id)).arg("1").arg("PX").arg(window.toMillis()))
                .toList();
        if (!marks.isEmpty()) {
            redis.batch(marks).subscribe().with(ignored -> {
            }, failure -> LOG.debugf("marking followed executions failed: %s", failure.getMessage()));
        }
    }

    void close() {
        RedisConnection open;
        synchronized (this) {
            closed = true;
            open = connection;
            connection = null;
        }
        if (open != null) {
            open.closeAndForget();
        }
        feeds.forEach(EventFeed::complete);
        feeds.clear();
    }

    private void read() {
        Map<String, Long> after = new HashMap<>();
        for (EventFeed feed : feeds) {
            after.merge(feed.id(), feed.last(), Math::min);
        }
        RedisConnection reader;
        synchronized (this) {
            if (after.isEmpty() || closed) {
                reading = false;
                blocked = false;
                return;
            }
            reader = connection;
        }
        if (reader == null) {
            connect();
            return;
        }
        Request request = Request.cmd(Command.XREAD).arg("COUNT").arg(BATCH).arg("BLOCK").arg(BLOCK_MS).arg("STREAMS");
        List<String> ids = List.copyOf(after.keySet());
        ids.forEach(id -> request.arg(RedisCodec.events(id)));
        ids.forEach(id -> request.arg(RedisCodec.entryId(after.get(id))));
        synchronized (this) {
            blocked = true;
        }
        reader.send(request).subscribe().with(response -> {
            synchronized (this) {
                blocked = false;
            }
            deliver(response);
            read();
        }, failure -> {
            LOG.debugf("the tail's read failed: %s", failure.getMessage());
            synchronized (this) {
                blocked = false;
                if (connection == reader) {
                    connection = null;
                }
            }
            reader.closeAndForget();
            Uni.createFrom().voidItem().onItem().delayIt().by(AGAIN).subscribe().with(ignored -> read());
        });
    }

    private void connect() {
        redis.connect()
                .onItem().transformToUni(opened -> opened.send(Request.cmd(Command.CLIENT).arg("ID"))
                        .map(id -> {
                            synchronized (this) {
                                connection = opened;
                                connectionId = id.toString();
                            }
                            return opened;
                        }))
                .subscribe().with(ignored -> read(), failure -> {
                    LOG.debugf("the tail cannot connect: %s", failure.getMessage());
                    Uni.createFrom().voidItem().onItem().delayIt().by(AGAIN).subscribe().with(ignored -> read());
                });
    }

    /** Sends each feed the entries after its last event; a feed given the last entry is done. */
    private void deliver(Response response) {
        if (response == null) {
            return;
        }
        Map<String, Response> streams = new HashMap<>();
        if (response.isMap()) {
            response.getKeys().forEach(key -> streams.put(key, response.get(key)));
        } else {
            for (Response stream : response) {
                streams.put(stream.get(0).toString(), stream.get(1));
            }
        }
        streams.forEach((key, stream) -> {
            String id = RedisCodec.id(key);
            for (EventFeed feed : feeds) {
                if (!feed.id().equals(id)) {
                    continue;
                }
                for (int i = 0; i < stream.size(); i++) {
                    if (feed.deliver(codec.entry(id, stream.get(i)), i < stream.size() - 1)) {
                        feeds.remove(feed);
                        break;
                    }
                }
            }
        });
    }
}
