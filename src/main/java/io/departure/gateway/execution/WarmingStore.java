package io.departure.gateway.execution;

import java.time.Instant;

import io.departure.gateway.problem.Problem;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * The execution store while the process warms up (warmup.WarmUp): the executions of the warm-up
 * go to a store of their own in memory, never to the one configured (a Redis store other replicas
 * share), and are dropped with it when {@link #warmedUp} hands every execution to the configured
 * store. What concerns the store itself (its ping, sharing, takeover) is the configured one's
 * from the start.
 */
public final class WarmingStore implements ExecutionStore {

    private final ExecutionStore configured;
    private volatile ExecutionStore executions;

    WarmingStore(ExecutionStore warmUp, ExecutionStore configured) {
        this.configured = configured;
        this.executions = warmUp;
    }

    /** From now on every execution is the configured store's; the warm-up's are forgotten. */
    public void warmedUp() {
        executions = configured;
    }

    @Override
    public Uni<Created> create(ExecutionQuery query, View origin, Instant deadline, String idempotencyKey, String callback) {
        return executions.create(query, origin, deadline, idempotencyKey, callback);
    }

    @Override
    public Uni<Redriven> redrive(String id, Instant deadline, String idempotencyKey) {
        return executions.redrive(id, deadline, idempotencyKey);
    }

    @Override
    public Uni<Boolean> delivered(String id, int end, ExecutionStatus.Callback delivery) {
        return executions.delivered(id, end, delivery);
    }

    @Override
    public void append(String id, String event, Object data) {
        executions.append(id, event, data);
    }

    @Override
    public Uni<Boolean> finish(String id, Status status, String event, Object data, Object result) {
        return executions.finish(id, status, event, data, result);
    }

    @Override
    public Uni<Boolean> cancel(String id, Problem problem) {
        return executions.cancel(id, problem);
    }

    @Override
    public Uni<ExecutionStatus> status(String id) {
        return executions.status(id);
    }

    @Override
    public Multi<Recorded> follow(String id, long afterSequence) {
        return executions.follow(id, afterSequence);
    }

    @Override
    public Uni<Boolean> followedElsewhere(String id) {
        return executions.followedElsewhere(id);
    }

    @Override
    public Uni<String> ping() {
        return configured.ping();
    }

    @Override
    public boolean shared() {
        return configured.shared();
    }

    @Override
    public void serve(Owner owner) {
        configured.serve(owner);
    }

    @Override
    public Uni<Void> handOver() {
        return configured.handOver();
    }
}
