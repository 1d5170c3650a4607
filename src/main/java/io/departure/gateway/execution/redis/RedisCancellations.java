package io.departure.gateway.execution.redis;

import java.util.function.Consumer;

import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisConnection;
import io.vertx.mutiny.redis.client.Request;

/**
 * Hears at once of the executions cancelled from another replica ({@link RedisCodec#CANCEL_CHANNEL}),
 * so that their work here stops now; the lease's renewal tells of them too, later, should a
 * message be missed. Subscribes again whenever its connection drops, until stopped.
 */
final class RedisCancellations {

    private final Redis redis;
    private final Vertx vertx;
    private final Consumer<String> cancelled;
    private volatile boolean stopped;
    private volatile RedisConnection connection;

    /** @param cancelled told the id of every execution cancelled anywhere */
    RedisCancellations(Redis redis, Vertx vertx, Consumer<String> cancelled) {
        this.redis = redis;
        this.vertx = vertx;
        this.cancelled = cancelled;
    }

    void listen() {
        if (stopped) {
            return;
        }
        redis.connect().subscribe().with(opened -> {
            connection = opened;
            opened.handler(message -> {
                if (message != null && message.size() >= 3 && "message".equalsIgnoreCase(message.get(0).toString())) {
                    cancelled.accept(message.get(2).toString());
                }
            });
            opened.endHandler(() -> vertx.setTimer(500, ignored -> listen()));
            opened.exceptionHandler(failure -> opened.closeAndForget());
            opened.send(Request.cmd(Command.SUBSCRIBE).arg(RedisCodec.CANCEL_CHANNEL)).subscribe().with(ignored -> {
            }, failure -> opened.closeAndForget());
        }, failure -> vertx.setTimer(1000, ignored -> listen()));
    }

    void stop() {
        stopped = true;
        RedisConnection listening = connection;
        if (listening != null) {
            listening.closeAndForget();
        }
    }
}
