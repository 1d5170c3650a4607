package io.departure.gateway.execution;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisConnection;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * Follows, live, the executions that other replicas write, for every client of this replica at
 * once: one {@code XREAD BLOCK} over all their streams, on a connection of its own so that the
 * blocking read never holds a connection other commands wait for. A new follower interrupts the
 * read in progress ({@code CLIENT UNBLOCK}) so that the next one includes it.
 */
final class RedisTail {

    private static final Logger LOG = Logger.getLogger(RedisTail.class);
    private static final long BLOCK_MS = 1000;
    private static final int BATCH = 100;

    private final Redis redis;
    private final BiFunction<String, Response, RedisExecutionStore.Entry> entries;
    private final Set<RedisExecutionStore.Follower> followers = ConcurrentHashMap.newKeySet();
    private RedisConnection connection;
    private String connectionId;
    private boolean reading;
    private boolean blocked;
    private boolean closed;

    RedisTail(Redis redis, BiFunction<String, Response, RedisExecutionStore.Entry> entries) {
        this.redis = redis;
        this.entries = entries;
    }

    void add(RedisExecutionStore.Follower follower) {
        followers.add(follower);
        String interrupt;
        synchronized (this) {
            if (closed) {
                follower.emitter.complete();
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

    void remove(RedisExecutionStore.Follower follower) {
        followers.remove(follower);
    }

    /** The executions followed from here. */
    Set<String> followed() {
        Set<String> ids = new java.util.HashSet<>();
        followers.forEach(follower -> ids.add(follower.id));
        return ids;
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
        followers.forEach(follower -> follower.emitter.complete());
        followers.clear();
    }

    private void read() {
        Map<String, Long> after = new HashMap<>();
        for (RedisExecutionStore.Follower follower : followers) {
            after.merge(follower.id, follower.last, Math::min);
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
        ids.forEach(id -> request.arg(RedisExecutionStore.events(id)));
        ids.forEach(id -> request.arg(after.get(id) < 0 ? "0-0" : "1-" + after.get(id)));
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
            Uni.createFrom().voidItem().onItem().delayIt().by(java.time.Duration.ofMillis(500)).subscribe().with(ignored -> read());
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
                    Uni.createFrom().voidItem().onItem().delayIt().by(java.time.Duration.ofMillis(500)).subscribe().with(x -> read());
                });
    }

    /** Sends each follower the entries after its last event; a follower given the last entry is done. */
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
            String id = key.substring(key.indexOf('{') + 1, key.indexOf('}'));
            for (RedisExecutionStore.Follower follower : followers) {
                if (!follower.id.equals(id)) {
                    continue;
                }
                for (Response entry : stream) {
                    if (follower.deliver(entries.apply(id, entry))) {
                        followers.remove(follower);
                        break;
                    }
                }
            }
        });
    }
}
