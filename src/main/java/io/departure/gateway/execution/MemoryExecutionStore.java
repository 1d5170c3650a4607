package io.departure.gateway.execution;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Singleton;

import io.departure.gateway.problem.Problem;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.MultiEmitter;

/**
 * Executions in this process's memory: nothing to install, one replica. Bounded by
 * {@code departure.executions.max}: when full, the execution that finished first is dropped;
 * a store full of running executions refuses new ones. A finished execution expires
 * {@code departure.executions.retention} after it last ended (a redrive makes it run again).
 */
@Singleton
@Identifier("memory")
public class MemoryExecutionStore implements ExecutionStore {

    private final Map<String, MemoryEntry> entries = new ConcurrentHashMap<>();
    private final Map<String, String> byKey = new HashMap<>();
    /** The redrive each idempotency key made: the execution's id and the redrive's number. */
    private final Map<String, Map.Entry<String, Integer>> redrives = new HashMap<>();
    /** Finished executions, first finished first: the order of expiry and of dropping. */
    private final ArrayDeque<MemoryEntry> finished = new ArrayDeque<>();
    private final ExecutionIds ids;
    private final EventCodec codec;
    private final Clock clock;
    private final long retentionNanos;
    private final int max;

    MemoryExecutionStore(ExecutionsConfig config, ExecutionIds ids, Clock clock, EventCodec codec) {
        this.codec = codec;
        this.ids = ids;
        this.clock = clock;
        this.retentionNanos = config.retention().toNanos();
        this.max = config.max();
    }

    @Override
    public Uni<String> ping() {
        return Uni.createFrom().item("memory");
    }

    @Override
    public Uni<Created> create(ExecutionQuery query, View origin, Instant deadline, String idempotencyKey, String callback) {
        try {
            return Uni.createFrom().item(created(query, idempotencyKey, callback));
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(e);
        }
    }

    private synchronized Created created(ExecutionQuery query, String idempotencyKey, String callback) {
        expire();
        if (idempotencyKey != null) {
            MemoryEntry earlier = entries.get(byKey.getOrDefault(idempotencyKey, ""));
            if (earlier != null) {
                if (!earlier.query.equals(query) || !Objects.equals(earlier.callback, callback)) {
                    throw ExecutionStore.keyReused("Idempotency-Key " + idempotencyKey + " was used for another departure");
                }
                return new Created(earlier.id, true);
            }
        }
        if (entries.size() >= max) {
            MemoryEntry oldest = finished.pollFirst();
            if (oldest == null) {
                throw ExecutionStore.full("the gateway holds " + max + " running executions");
            }
            remove(oldest);
        }
        MemoryEntry entry = new MemoryEntry(ids.next(), query, idempotencyKey, callback, clock.instant());
        entry.events.add(new Recorded(Recorded.id(entry.id, 0), FIRST, entry.startedAt, ExecutionStore.first(entry.id), 0));
        entries.put(entry.id, entry);
        if (idempotencyKey != null) {
            byKey.put(idempotencyKey, entry.id);
        }
        return new Created(entry.id, false);
    }

    /** Drops the finished executions whose retention is over; called under this store's lock. */
    private void expire() {
        long now = System.nanoTime();
        for (MemoryEntry oldest = finished.peekFirst(); oldest != null && now - oldest.endedAtNanos >= retentionNanos;
                oldest = finished.peekFirst()) {
            remove(finished.pollFirst());
        }
    }

    private void remove(MemoryEntry entry) {
        entries.remove(entry.id);
        synchronized (entry) {
            entry.dropped = true;
            entry.frozen = null;
        }
        if (entry.idempotencyKey != null) {
            byKey.remove(entry.idempotencyKey, entry.id);
        }
        entry.redriveKeys.forEach(redrives::remove);
    }

    @Override
    public void append(String id, String event, Object data) {
        MemoryEntry entry = entries.get(id);
        if (entry == null) {
            return;
        }
        synchronized (entry) {
            if (!entry.status.running()) {
                return;
            }
            long sequence = entry.events.size();
            Recorded recorded = new Recorded(Recorded.id(id, sequence), event, clock.instant(), data, sequence);
            entry.events.add(recorded);
            for (MultiEmitter<? super Recorded> follower : List.copyOf(entry.followers)) {
                follower.emit(recorded);
            }
        }
    }

    @Override
    public Uni<Boolean> finish(String id, Status status, String event, Object data, Object result) {
        return Uni.createFrom().item(end(id, status, event, data, result));
    }

    @Override
    public Uni<Boolean> cancel(String id, Problem problem) {
        return Uni.createFrom().item(end(id, Status.CANCELLED, EventTypes.ERROR, problem, problem));
    }

    private boolean end(String id, Status status, String event, Object data, Object result) {
        MemoryEntry entry = entries.get(id);
        if (entry == null) {
            return false;
        }
        List<MultiEmitter<? super Recorded>> followers;
        synchronized (entry) {
            if (!entry.status.running()) {
                return false;
            }
            append(id, event, data);
            entry.status = Objects.requireNonNull(status);
            entry.endedAt = clock.instant();
            entry.owe();
            entry.endedAtNanos = System.nanoTime();
            entry.frozen = FrozenExecution.freeze(codec, entry.events, result);
            if (entry.frozen != null) {
                entry.events = null;
            } else {
                entry.result = result;
            }
            followers = List.copyOf(entry.followers);
            entry.followers.clear();
        }
        synchronized (this) {
            finished.addLast(entry);
        }
        followers.forEach(MultiEmitter::complete);
        return true;
    }

    @Override
    public Uni<ExecutionStatus> status(String id) {
        MemoryEntry entry = live(id);
        if (entry == null) {
            return Uni.createFrom().nullItem();
        }
        synchronized (entry) {
            return entry.dropped ? Uni.createFrom().nullItem() : Uni.createFrom().item(entry.document(codec));
        }
    }

    @Override
    public Uni<Redriven> redrive(String id, Instant deadline, String idempotencyKey) {
        try {
            return Uni.createFrom().item(redriven(id, idempotencyKey));
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(e);
        }
    }

    private synchronized Redriven redriven(String id, String idempotencyKey) {
        expire();
        Map.Entry<String, Integer> earlier = idempotencyKey == null ? null : redrives.get(idempotencyKey);
        if (earlier != null && !earlier.getKey().equals(id)) {
            throw ExecutionStore.keyReused("Idempotency-Key " + idempotencyKey + " was used to redrive another execution");
        }
        MemoryEntry entry = live(id);
        if (entry == null) {
            return null;
        }
        ExecutionStatus redriven;
        synchronized (entry) {
            if (entry.dropped) {
                return null;
            }
            if (earlier != null) {
                return new Redriven(entry.document(codec), true);
            }
            if (!entry.status.redrivable()) {
                throw ExecutionStore.notRedrivable(id, entry.status);
            }
            Status previous = entry.runAgain(codec, clock.instant());
            append(id, Redrive.EVENT, new Redrive(entry.redriveCount, previous));
            if (idempotencyKey != null) {
                redrives.put(idempotencyKey, Map.entry(id, entry.redriveCount));
                List<String> keys = new ArrayList<>(entry.redriveKeys);
                keys.add(idempotencyKey);
                entry.redriveKeys = keys;
            }
            redriven = entry.document(codec);
        }
        // Running again: no longer among the finished, which expire and are dropped first.
        finished.remove(entry);
        return new Redriven(redriven, false);
    }

    @Override
    public Uni<Boolean> delivered(String id, int end, ExecutionStatus.Callback delivery) {
        MemoryEntry entry = live(id);
        if (entry == null) {
            return Uni.createFrom().item(false);
        }
        synchronized (entry) {
            if (entry.dropped || entry.status.running() || entry.redriveCount != end || entry.callback == null) {
                return Uni.createFrom().item(false);
            }
            entry.delivery = delivery;
            return Uni.createFrom().item(true);
        }
    }

    @Override
    public Multi<Recorded> follow(String id, long afterSequence) {
        return Multi.createFrom().emitter(emitter -> {
            MemoryEntry entry = live(id);
            if (entry == null) {
                emitter.complete();
                return;
            }
            synchronized (entry) {
                if (entry.dropped) {
                    emitter.complete();
                    return;
                }
                List<Recorded> events = entry.frozen != null ? FrozenExecution.thaw(codec, entry.frozen).events() : entry.events;
                for (int i = (int) Math.max(0, afterSequence + 1); i < events.size(); i++) {
                    emitter.emit(events.get(i));
                }
                if (!entry.status.running()) {
                    emitter.complete();
                    return;
                }
                entry.followers.add(emitter);
            }
            emitter.onTermination(() -> {
                synchronized (entry) {
                    entry.followers.remove(emitter);
                }
            });
        });
    }

    /** The entry of a known execution whose retention is not over, or null. */
    private MemoryEntry live(String id) {
        MemoryEntry entry = id == null ? null : entries.get(id);
        if (entry == null) {
            return null;
        }
        synchronized (entry) {
            return entry.status.running() || System.nanoTime() - entry.endedAtNanos < retentionNanos ? entry : null;
        }
    }
}
