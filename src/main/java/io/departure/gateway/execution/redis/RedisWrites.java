package io.departure.gateway.execution.redis;

import java.util.ArrayList;
import java.util.List;

import io.departure.gateway.execution.ExecutionQuery;
import io.departure.gateway.execution.ExecutionStatus;
import io.departure.gateway.execution.ExecutionStore;
import io.departure.gateway.execution.Status;
import io.departure.gateway.execution.View;
import io.departure.gateway.execution.redis.ExecutionWriter.Write;
import io.departure.gateway.problem.Problem;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Response;

/**
 * The store's writes, each one Lua script ({@code src/main/resources/redis}) that checks that the
 * writer still owns the execution, so that a replica that lost it writes nothing more. Here their
 * keys and arguments are laid out as the scripts read them.
 */
final class RedisWrites {

    private final Redis redis;
    private final RedisCodec codec;
    /** This replica, as the owner of the executions it writes. */
    private final String replica;
    private final long retentionMs;
    private final long leaseMs;
    private final RedisScript create = RedisScript.load("create");
    private final RedisScript append = RedisScript.load("append");
    private final RedisScript finish = RedisScript.load("finish");
    private final RedisScript redrive = RedisScript.load("redrive");
    private final RedisScript delivery = RedisScript.load("delivery");

    RedisWrites(Redis redis, RedisCodec codec, String replica, long retentionMs, long leaseMs) {
        this.redis = redis;
        this.codec = codec;
        this.replica = replica;
        this.retentionMs = retentionMs;
        this.leaseMs = leaseMs;
    }

    /** A new execution, owned here: what was asked, to live {@code ttlMs}, calling {@code callback} back (null: none). */
    record Creation(String id, ExecutionQuery query, View origin, long startedAt, long deadline, long ttlMs, String idempotencyKey,
            String callback) {
    }

    /** @return {@code [id]} when created, {@code [id, query, callback]} of the execution the idempotency key names */
    Uni<Response> create(Creation execution) {
        String id = execution.id();
        String key = execution.idempotencyKey();
        return create.run(redis, List.of(RedisCodec.key(id), RedisCodec.events(id), key == null ? RedisCodec.key(id) : RedisCodec.idempotency(key),
                RedisCodec.owned(replica)),
                List.of(id, codec.write(execution.query()), execution.origin().name(), Long.toString(execution.startedAt()),
                        Long.toString(execution.deadline()), replica, Long.toString(execution.ttlMs()), key == null ? "" : key,
                        ExecutionStore.FIRST, codec.write(ExecutionStore.first(id)),
                        execution.callback() == null ? "" : execution.callback()));
    }

    /**
     * Runs an ended execution again, owned here, until {@code deadline} and kept {@code ttlMs}.
     *
     * @return as {@code redrive.lua} answers
     */
    Uni<Response> redrive(String id, long now, long deadline, long ttlMs, String idempotencyKey) {
        String key = idempotencyKey == null ? "" : idempotencyKey;
        return redrive.run(redis, List.of(RedisCodec.key(id), RedisCodec.events(id),
                key.isEmpty() ? RedisCodec.key(id) : RedisCodec.redriveKey(key)),
                List.of(replica, Long.toString(now), Long.toString(deadline), Long.toString(ttlMs), key, id, Long.toString(leaseMs)));
    }

    /** Records how the delivery of end {@code end}'s callback goes; false when this replica does not owe it. */
    Uni<Boolean> delivered(String id, int end, ExecutionStatus.Callback state) {
        return delivery.run(redis, List.of(RedisCodec.key(id)), List.of(replica, Integer.toString(end), state.state().label(),
                state.deliveredAt() == null ? "" : Long.toString(state.deliveredAt().toEpochMilli()),
                state.lastError() == null ? "" : state.lastError(), Integer.toString(state.attempts() == null ? 0 : state.attempts()), id))
                .map(response -> response.toLong() > 0);
    }

    /**
     * Stores a batch of an execution's events numbered from {@code first}, ending it when the last
     * write has a status.
     *
     * @return appended: 1, or 0 when the execution is no longer this replica's; ended: the number of
     *         its events, or 0; -1 when an event before {@code first} is missing
     */
    Uni<Long> write(String id, long first, List<Write> batch) {
        Write last = batch.get(batch.size() - 1);
        List<String> args = new ArrayList<>(12 + 3 * batch.size());
        if (last.last()) {
            args.addAll(List.of(replica, Long.toString(first), last.status().name(),
                    last.result() == last.data() ? "" : codec.write(last.result()), Long.toString(retentionMs), id, replica,
                    Long.toString(leaseMs), Integer.toString(batch.size())));
        } else {
            args.addAll(List.of(replica, Long.toString(first), Integer.toString(batch.size())));
        }
        for (Write write : batch) {
            args.addAll(List.of(write.event(), Long.toString(write.at()), codec.write(write.data())));
        }
        return (last.last() ? finish : append).run(redis, List.of(RedisCodec.key(id), RedisCodec.events(id)), args).map(Response::toLong);
    }

    /**
     * Cancels an execution whichever replica owns it, after the events stored so far; its owner is
     * told through its list of lost executions and {@link RedisCodec#CANCEL_CHANNEL}.
     *
     * @return whether it was running
     */
    Uni<Boolean> cancel(String id, Problem problem, long at) {
        List<String> args = List.of("", "", Status.CANCELLED.name(), "", Long.toString(retentionMs), id, replica, Long.toString(leaseMs),
                "1", "error", Long.toString(at), codec.write(problem));
        return finish.run(redis, List.of(RedisCodec.key(id), RedisCodec.events(id)), args).map(response -> response.toLong() > 0);
    }
}
