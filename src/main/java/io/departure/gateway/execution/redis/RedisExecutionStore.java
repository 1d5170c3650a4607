package io.departure.gateway.execution.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import io.departure.gateway.backend.RetryConfig;
import io.departure.gateway.engine.Backoff;
import io.departure.gateway.execution.EventCodec;
import io.departure.gateway.execution.ExecutionIds;
import io.departure.gateway.execution.ExecutionQuery;
import io.departure.gateway.execution.ExecutionStatus;
import io.departure.gateway.execution.ExecutionStore;
import io.departure.gateway.execution.ExecutionsConfig;
import io.departure.gateway.execution.Recorded;
import io.departure.gateway.execution.Status;
import io.departure.gateway.execution.StreamConfig;
import io.departure.gateway.execution.View;
import io.departure.gateway.execution.redis.ExecutionWriter.Write;
import io.departure.gateway.problem.Problem;
import io.departure.gateway.problem.ProblemException;
import io.departure.gateway.watch.WatchConfig;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;

/**
 * Executions in Redis, shared by every replica ({@code departure.store=redis}), laid out as
 * {@link RedisCodec} says and kept for the retention period once they end. A replica owns the
 * executions it started or took over while its {@link RedisLease} lasts, writes them and serves
 * their clients from memory ({@link OwnedExecutions}); other replicas' clients read the store
 * ({@link RedisTail}).
 */
@ApplicationScoped
@Identifier("redis")
public class RedisExecutionStore implements ExecutionStore {

    private static final int WRITE_RETRIES = 30;

    private final Redis redis;
    private final Vertx vertx;
    private final ExecutionIds ids;
    private final Clock clock;
    private final long retentionMs;
    private final long leaseMs;
    private final long watchMs;
    private final Duration resumeWindow;
    private final Backoff backoff;
    private final RedisCodec codec;
    private final RedisWrites writes;
    private final RedisTail tail;
    private final RedisLease lease;
    private final RedisCancellations cancellations;
    private final OwnedExecutions owned;
    private volatile Owner owner;
    private volatile boolean closing;
    private volatile long marking = -1;

    /** What the store needs of the configuration. */
    record Settings(Duration retention, Duration lease, Duration watchLimit, Duration resumeWindow, double jitter) {
    }

    /** The Redis client is active only with {@code quarkus.redis.hosts} set, and is asked for only when this store is chosen. */
    @Inject
    RedisExecutionStore(Instance<Redis> redis, Vertx vertx, EventCodec json, ExecutionIds ids, Clock clock, ExecutionsConfig config,
            StreamConfig stream, WatchConfig watch, RetryConfig retry) {
        this(redis.get(), vertx, json, ids, clock, new Settings(config.retention(), config.lease(), watch.maxDuration(),
                stream.resumeWindow(), retry.jitter()));
    }

    RedisExecutionStore(Redis redis, Vertx vertx, EventCodec json, ExecutionIds ids, Clock clock, Settings settings) {
        this.redis = redis;
        this.vertx = vertx;
        this.ids = ids;
        this.clock = clock;
        this.retentionMs = settings.retention().toMillis();
        this.leaseMs = Math.max(100, settings.lease().toMillis());
        this.watchMs = settings.watchLimit().toMillis();
        this.resumeWindow = settings.resumeWindow();
        this.backoff = new Backoff(Duration.ofMillis(50), Duration.ofSeconds(1), settings.jitter());
        String replica = ids.next();
        this.codec = new RedisCodec(json);
        this.writes = new RedisWrites(redis, codec, replica, retentionMs, leaseMs);
        this.tail = new RedisTail(redis, codec);
        this.owned = new OwnedExecutions(this::send, tail, this::lose);
        this.lease = new RedisLease(redis, vertx, replica, leaseMs, this::lose, this::takeOver);
        this.cancellations = new RedisCancellations(redis, vertx, id -> {
            if (owned.owns(id)) {
                lose(id);
            }
        });
    }

    @Override
    public boolean shared() {
        return true;
    }

    @Override
    public Uni<String> ping() {
        return redis.send(Request.cmd(Command.PING)).replaceWith("redis");
    }

    /** A failure to reach Redis, as the 503 the client gets; designed failures pass as they are. */
    private static Throwable unreachable(Throwable failure) {
        return failure instanceof ProblemException ? failure
                : ExecutionStore.unavailable("the execution store cannot be reached: " + failure.getMessage());
    }

    @Override
    public Uni<Created> create(ExecutionQuery query, View origin, Instant deadline, String idempotencyKey, String callback) {
        String id = ids.next();
        long now = clock.millis();
        long ttl = Math.max(0, deadline.toEpochMilli() - now) + (query.watch() ? watchMs : 0) + retentionMs + leaseMs;
        return writes.create(new RedisWrites.Creation(id, query, origin, now, deadline.toEpochMilli(), ttl, idempotencyKey, callback))
                .map(response -> {
                    if (response.size() == 1) {
                        Recorded first = new Recorded(Recorded.id(id, 0), ExecutionStore.FIRST, Instant.ofEpochMilli(now),
                                ExecutionStore.first(id), 0);
                        owned.own(id, List.of(first), origin == View.SYNC);
                        return new Created(id, false);
                    }
                    if (!codec.query(response.get(1).toString()).equals(query)
                            || !response.get(2).toString().equals(callback == null ? "" : callback)) {
                        throw ExecutionStore.keyReused("Idempotency-Key " + idempotencyKey + " was used for another departure");
                    }
                    return new Created(response.get(0).toString(), true);
                })
                .onFailure().transform(RedisExecutionStore::unreachable);
    }

    @Override
    public void append(String id, String event, Object data) {
        owned.write(id, new Write(event, data, clock.millis(), null, null, null));
    }

    @Override
    public Uni<Boolean> finish(String id, Status status, String event, Object data, Object result) {
        return last(id, event, data, status, result);
    }

    @Override
    public Uni<Boolean> cancel(String id, Problem problem) {
        if (owned.owns(id)) {
            // After the events this replica is still writing for it.
            return last(id, "error", problem, Status.CANCELLED, problem);
        }
        return writes.cancel(id, problem, clock.millis()).onFailure().transform(RedisExecutionStore::unreachable);
    }

    /** Ends an execution this replica owns, after the events it is still writing; false when it does not own it. */
    private Uni<Boolean> last(String id, String event, Object data, Status status, Object result) {
        return Uni.createFrom().emitter(done -> {
            if (!owned.write(id, new Write(event, data, clock.millis(), status, result, done))) {
                done.complete(false);
            }
        });
    }

    @Override
    public Uni<Redriven> redrive(String id, Instant deadline, String idempotencyKey) {
        long now = clock.millis();
        // Its query is not read first: kept long enough for a watch, which it may be.
        long ttl = Math.max(0, deadline.toEpochMilli() - now) + watchMs + retentionMs + leaseMs;
        return writes.redrive(id, now, deadline.toEpochMilli(), ttl, idempotencyKey).onItem().transformToUni(response -> {
            switch (response.get(0).toString()) {
                case "unknown":
                    return Uni.createFrom().nullItem();
                case "status":
                    return Uni.createFrom().failure(ExecutionStore.notRedrivable(id, Status.valueOf(response.get(1).toString())));
                case "again":
                    if (!response.get(1).toString().equals(id)) {
                        return Uni.createFrom().failure(ExecutionStore.keyReused(
                                "Idempotency-Key " + idempotencyKey + " was used to redrive another execution"));
                    }
                    return status(id).map(status -> status == null ? null : new Redriven(status, true));
                default:
                    // Owned here from the redrive on: nothing else writes it while it is read.
                    return load(id).map(claimed -> {
                        if (claimed == null) {
                            return null;
                        }
                        owned.own(id, claimed.status().history(), false);
                        return new Redriven(claimed.status(), false);
                    });
            }
        }).onFailure().transform(RedisExecutionStore::unreachable);
    }

    @Override
    public Uni<Boolean> delivered(String id, int end, ExecutionStatus.Callback delivery) {
        return writes.delivered(id, end, delivery).onFailure().transform(RedisExecutionStore::unreachable);
    }

    @Override
    public Uni<ExecutionStatus> status(String id) {
        return load(id).map(stored -> stored == null ? null : stored.status()).onFailure().transform(RedisExecutionStore::unreachable);
    }

    /** An execution as stored, with what it takes to continue it; null when unknown or expired. */
    private Uni<Claimed> load(String id) {
        if (id == null || id.isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        return redis.batch(RedisCodec.load(id)).map(responses -> codec.execution(id, responses));
    }

    @Override
    public Multi<Recorded> follow(String id, long afterSequence) {
        return Multi.createFrom().emitter(emitter -> {
            EventFeed feed = new EventFeed(id, emitter, afterSequence);
            emitter.onTermination(() -> {
                owned.remove(feed);
                tail.remove(feed);
            });
            if (!owned.attach(feed)) {
                tail.follow(feed);
            }
        });
    }

    @Override
    public Uni<Boolean> followedElsewhere(String id) {
        return redis.send(Request.cmd(Command.EXISTS).arg(RedisCodec.seen(id))).map(response -> response.toLong() > 0);
    }

    @Override
    public void serve(Owner owner) {
        this.owner = owner;
        lease.start();
        if (!resumeWindow.isZero()) {
            marking = vertx.setPeriodic(Math.max(50, resumeWindow.toMillis() / 3), ignored -> tail.markFollowed(resumeWindow));
        }
        cancellations.listen();
    }

    /** Continues here an execution whose replica died, should it still run, or the delivery of its callback it owed. */
    private Uni<Claimed> takeOver(String id) {
        return load(id).invoke(claimed -> {
            if (claimed == null) {
                return;
            }
            ExecutionStatus status = claimed.status();
            if (status.status().running()) {
                owned.own(id, status.history(), false);
                owner.claimed(claimed);
            } else if (status.callback() != null && status.callback().state() == ExecutionStatus.Delivery.PENDING) {
                owner.owes(id);
            }
        });
    }

    /** An execution is no longer this replica's: its clients follow it from the store, its run stops. */
    private void lose(String id) {
        owned.lose(id);
        Owner told = owner;
        if (told != null) {
            told.lost(id);
        }
    }

    /** Stops renewing the lease and listening, as a process that dies does. */
    void halt() {
        closing = true;
        lease.stop();
        if (marking >= 0) {
            vertx.cancelTimer(marking);
        }
        cancellations.stop();
    }

    @Override
    public Uni<Void> handOver() {
        halt();
        // The writes still under way first, then the lease goes: another replica claims at once.
        return owned.settled()
                .onItem().transformToUni(ignored -> lease.release())
                .invoke(ignored -> tail.close());
    }

    /** One batch of an execution's writes, retried while this replica runs and within a lease. */
    private Uni<Long> send(String id, long first, List<Write> batch) {
        return backoff.retry(writes.write(id, first, batch), WRITE_RETRIES, failure -> !closing, () -> Duration.ofMillis(leaseMs));
    }
}
