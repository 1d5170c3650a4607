package io.departure.gateway.execution.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * This replica's lease on the executions it owns: one key for all of them, renewed a few times
 * per lease, each renewal telling which it has lost meanwhile (cancelled elsewhere, or taken over
 * while it had lapsed); and the claim of the running executions of every replica whose lease
 * lapsed. Released at hand-over, so that another replica claims at once rather than after it.
 */
final class RedisLease {

    private static final Logger LOG = Logger.getLogger(RedisLease.class);

    private final Redis redis;
    private final Vertx vertx;
    private final String replica;
    private final long leaseMs;
    private final Consumer<String> lost;
    private final Function<String, Uni<?>> takeOver;
    private final RedisScript renew = RedisScript.load("renew");
    private final RedisScript claim = RedisScript.load("claim");
    private final List<Long> timers = new ArrayList<>(2);
    private volatile boolean stopped;
    private boolean claiming;

    /**
     * @param lost told of each execution this replica no longer owns
     * @param takeOver continues here an execution this replica claimed
     */
    RedisLease(Redis redis, Vertx vertx, String replica, long leaseMs, Consumer<String> lost, Function<String, Uni<?>> takeOver) {
        this.redis = redis;
        this.vertx = vertx;
        this.replica = replica;
        this.leaseMs = leaseMs;
        this.lost = lost;
        this.takeOver = takeOver;
    }

    void start() {
        renew();
        synchronized (this) {
            timers.add(vertx.setPeriodic(Math.max(50, leaseMs / 3), ignored -> renew()));
            timers.add(vertx.setPeriodic(Math.max(50, Math.min(1000, leaseMs / 4)), ignored -> claimLapsed()));
        }
    }

    /** Renews and claims no more, as a replica that dies does. */
    void stop() {
        stopped = true;
        synchronized (this) {
            timers.forEach(vertx::cancelTimer);
            timers.clear();
        }
    }

    /** Lets the lease go now, for another replica to claim what this one owns. */
    Uni<Void> release() {
        return redis.send(Request.cmd(Command.DEL).arg(RedisCodec.lease(replica))).replaceWithVoid();
    }

    private void renew() {
        if (stopped) {
            return;
        }
        renew.run(redis, List.of(), List.of(replica, Long.toString(leaseMs))).subscribe().with(ids -> {
            for (Response id : ids) {
                lost.accept(id.toString());
            }
        }, failure -> LOG.warnf("renewing this replica's lease on its executions failed: %s", failure.getMessage()));
    }

    private void claimLapsed() {
        synchronized (this) {
            if (stopped || claiming) {
                return;
            }
            claiming = true;
        }
        // A lapsed replica that comes back learns what it lost for six leases.
        claim.run(redis, List.of(), List.of(replica, Long.toString(leaseMs * 6)))
                .onItem().transformToMulti(claimed -> Multi.createFrom().iterable(claimed).map(Response::toString))
                .onItem().transformToUniAndConcatenate(takeOver)
                .subscribe().with(ignored -> {
                }, failure -> {
                    claimed();
                    LOG.warnf("looking for executions to take over failed: %s", failure.getMessage());
                }, this::claimed);
    }

    private synchronized void claimed() {
        claiming = false;
    }
}
