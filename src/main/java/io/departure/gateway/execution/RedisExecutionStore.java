package io.departure.gateway.execution;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.departure.gateway.backend.RetryConfig;
import io.departure.gateway.engine.Backoff;
import io.departure.gateway.problem.Problem;
import io.departure.gateway.problem.ProblemException;
import io.departure.gateway.watch.WatchConfig;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.MultiEmitter;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisConnection;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * Executions in Redis, shared by every replica ({@code departure.store=redis}). An execution is a
 * hash (query, origin, deadline, status, owner, result) and a stream of its events, whose entry
 * ids are the events' sequence numbers, both expiring after the retention period once it ends.
 * Every write is one Lua script that checks that the writer still owns the execution, so a
 * replica that lost it writes nothing more. A replica owns the executions it started or took
 * over while its lease lasts, one key renewed for all of them; another replica takes them over
 * once it lapses. The owner's clients follow from memory; others read the stream, live ones
 * through one blocking reader per replica ({@link RedisTail}).
 */
@ApplicationScoped
@Typed(RedisExecutionStore.class)
public class RedisExecutionStore implements ExecutionStore {

    private static final Logger LOG = Logger.getLogger(RedisExecutionStore.class);

    static final String CANCEL_CHANNEL = "departure:cancel";
    private static final int WRITE_RETRIES = 30;

    private final Redis redis;
    private final Vertx vertx;
    private final ObjectMapper json;
    private final ExecutionIds ids;
    private final Clock clock;
    private final long retentionMs;
    private final long leaseMs;
    private final long watchMs;
    private final Duration resumeWindow;
    private final Backoff backoff;
    /** This process, as the owner of the executions it runs. */
    private final String replica;
    private final RedisScript create = RedisScript.load("create");
    private final RedisScript append = RedisScript.load("append");
    private final RedisScript finish = RedisScript.load("finish");
    private final RedisScript renew = RedisScript.load("renew");
    private final RedisScript claim = RedisScript.load("claim");
    /** The executions this process owns and writes. */
    private final Map<String, Local> locals = new ConcurrentHashMap<>();
    private final RedisTail tail;
    private volatile Owner owner;
    private volatile boolean closing;
    private final List<Long> timers = new ArrayList<>();
    private volatile RedisConnection cancellations;

    /** What the store needs of the configuration. */
    record Settings(Duration retention, Duration lease, Duration watchLimit, Duration resumeWindow, double jitter) {
    }

    /** The Redis client is active only with {@code quarkus.redis.hosts} set, and is asked for only when this store is chosen. */
    @Inject
    RedisExecutionStore(Instance<Redis> redis, Vertx vertx, ObjectMapper json, ExecutionIds ids, Clock clock, ExecutionsConfig config,
            StreamConfig stream, WatchConfig watch, RetryConfig retry) {
        this(redis.get(), vertx, json, ids, clock, new Settings(config.retention(), config.lease(), watch.maxDuration(),
                stream.resumeWindow(), retry.jitter()));
    }

    RedisExecutionStore(Redis redis, Vertx vertx, ObjectMapper json, ExecutionIds ids, Clock clock, Settings settings) {
        this.redis = redis;
        this.vertx = vertx;
        this.json = json;
        this.ids = ids;
        this.clock = clock;
        this.retentionMs = settings.retention().toMillis();
        this.leaseMs = Math.max(100, settings.lease().toMillis());
        this.watchMs = settings.watchLimit().toMillis();
        this.resumeWindow = settings.resumeWindow();
        this.backoff = new Backoff(Duration.ofMillis(50), Duration.ofSeconds(1), settings.jitter());
        this.replica = ids.next();
        this.tail = new RedisTail(redis, this::entry);
    }

    static String key(String id) {
        return "departure:{" + id + "}";
    }

    static String events(String id) {
        return key(id) + ":events";
    }

    private static String seen(String id) {
        return key(id) + ":seen";
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
    public Uni<Created> create(ExecutionQuery query, View origin, Instant deadline, String idempotencyKey) {
        String id = ids.next();
        long now = clock.millis();
        long ttl = Math.max(0, deadline.toEpochMilli() - now) + (query.watch() ? watchMs : 0) + retentionMs + leaseMs;
        Object first = ExecutionStore.first(id);
        return create.run(redis,
                List.of(key(id), events(id), idempotencyKey == null ? key(id) : "departure:key:" + idempotencyKey,
                        "departure:owned:" + replica),
                List.of(id, write(query), origin.name(), Long.toString(now), Long.toString(deadline.toEpochMilli()), replica,
                        Long.toString(ttl), idempotencyKey == null ? "" : idempotencyKey, ExecutionStore.FIRST, write(first)))
                .map(response -> {
                    if (response.size() == 1) {
                        Recorded named = new Recorded(Recorded.id(id, 0), ExecutionStore.FIRST, Instant.ofEpochMilli(now), first, 0);
                        locals.put(id, new Local(id, List.of(named), origin == View.SYNC));
                        return new Created(id, false);
                    }
                    String prior = response.get(0).toString();
                    if (!read(response.get(1).toString(), ExecutionQuery.class).equals(query)) {
                        throw ExecutionStore.keyReused("Idempotency-Key " + idempotencyKey + " was used for another departure");
                    }
                    return new Created(prior, true);
                })
                .onFailure().transform(RedisExecutionStore::unreachable);
    }

    @Override
    public void append(String id, String event, Object data) {
        Local local = locals.get(id);
        if (local != null) {
            local.enqueue(new Write(event, data, clock.millis(), null, null, null));
        }
    }

    @Override
    public Uni<Boolean> finish(String id, Status status, String event, Object data, Object result) {
        Local local = locals.get(id);
        if (local == null) {
            return Uni.createFrom().item(false);
        }
        return Uni.createFrom().emitter(done -> local.enqueue(new Write(event, data, clock.millis(), status, result, done)));
    }

    @Override
    public Uni<Boolean> cancel(String id, Problem problem) {
        Local local = locals.get(id);
        if (local != null) {
            // After the events this process is still writing for it.
            return Uni.createFrom().emitter(done -> local.enqueue(new Write("error", problem, clock.millis(), Status.CANCELLED, problem, done)));
        }
        List<String> args = new ArrayList<>(List.of("", "", Status.CANCELLED.name(), "", Long.toString(retentionMs), id, replica,
                Long.toString(leaseMs), "1", "error", Long.toString(clock.millis()), write(problem)));
        return finish.run(redis, List.of(key(id), events(id)), args)
                .map(response -> response.toLong() > 0)
                .onFailure().transform(RedisExecutionStore::unreachable);
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
        return redis.batch(List.of(
                Request.cmd(Command.HMGET).arg(key(id)).arg("query").arg("origin").arg("startedAt").arg("deadline").arg("status")
                        .arg("endedAt").arg("result"),
                Request.cmd(Command.XRANGE).arg(events(id)).arg("-").arg("+")))
                .map(responses -> {
                    Response fields = responses.get(0);
                    if (fields == null || fields.get(0) == null) {
                        return null;
                    }
                    List<Recorded> history = new ArrayList<>();
                    for (Response entry : responses.get(1)) {
                        history.add(entry(id, entry).recorded());
                    }
                    Status status = Status.valueOf(fields.get(4).toString());
                    Object result = null;
                    if (!status.running()) {
                        String stored = fields.get(6) == null ? "" : fields.get(6).toString();
                        result = stored.isEmpty() ? history.isEmpty() ? null : history.get(history.size() - 1).data()
                                : read(stored, JsonNode.class);
                    }
                    ExecutionStatus document = new ExecutionStatus(id, status, read(fields.get(0).toString(), ExecutionQuery.class),
                            Instant.ofEpochMilli(fields.get(2).toLong()),
                            fields.get(5) == null ? null : Instant.ofEpochMilli(fields.get(5).toLong()), result, List.copyOf(history));
                    return new Claimed(document, View.valueOf(fields.get(1).toString()), Instant.ofEpochMilli(fields.get(3).toLong()));
                });
    }

    /** One entry of an execution's stream: the event, and whether it is the last one. */
    record Entry(Recorded recorded, boolean last) {
    }

    Entry entry(String id, Response entry) {
        String streamId = entry.get(0).toString();
        long sequence = Long.parseLong(streamId.substring(streamId.indexOf('-') + 1));
        Response fields = entry.get(1);
        String event = null;
        String data = null;
        long at = 0;
        boolean last = false;
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            String value = fields.get(i + 1).toString();
            switch (fields.get(i).toString()) {
                case "e" -> event = value;
                case "t" -> at = Long.parseLong(value);
                case "d" -> data = value;
                case "f" -> last = true;
                default -> {
                }
            }
        }
        return new Entry(new Recorded(Recorded.id(id, sequence), event, Instant.ofEpochMilli(at),
                data == null ? null : read(data, JsonNode.class), sequence), last);
    }

    @Override
    public Multi<Recorded> follow(String id, long afterSequence) {
        return Multi.createFrom().emitter(emitter -> {
            Follower follower = new Follower(id, emitter, afterSequence);
            emitter.onTermination(follower::close);
            Local local = locals.get(id);
            if (local == null || !local.attach(follower)) {
                followRemotely(follower);
            }
        });
    }

    /** Follows an execution another process writes: what is stored after the follower's last event, then the tail. */
    private void followRemotely(Follower follower) {
        String id = follower.id;
        long last = follower.last;
        redis.batch(List.of(
                Request.cmd(Command.XRANGE).arg(events(id)).arg(last < 0 ? "-" : "(1-" + last).arg("+"),
                Request.cmd(Command.HGET).arg(key(id)).arg("status")))
                .subscribe().with(responses -> {
                    for (Response entry : responses.get(0)) {
                        if (follower.deliver(entry(id, entry))) {
                            return;
                        }
                    }
                    Response status = responses.get(1);
                    if (status == null || !Status.RUNNING.name().equals(status.toString())) {
                        follower.emitter.complete();
                        return;
                    }
                    if (!follower.emitter.isCancelled()) { // a client that left meanwhile is not followed
                        tail.add(follower);
                    }
                }, follower.emitter::fail);
    }

    @Override
    public Uni<Boolean> followedElsewhere(String id) {
        return redis.send(Request.cmd(Command.EXISTS).arg(seen(id))).map(response -> response.toLong() > 0);
    }

    @Override
    public void serve(Owner owner) {
        this.owner = owner;
        renewLease();
        timers.add(vertx.setPeriodic(Math.max(50, leaseMs / 3), ignored -> renewLease()));
        timers.add(vertx.setPeriodic(Math.max(50, Math.min(1000, leaseMs / 4)), ignored -> claimLapsed()));
        if (!resumeWindow.isZero()) {
            long every = Math.max(50, resumeWindow.toMillis() / 3);
            timers.add(vertx.setPeriodic(every, ignored -> markFollowed()));
        }
        listenForCancellations();
    }

    private void renewLease() {
        if (closing) {
            return;
        }
        renew.run(redis, List.of(), List.of(replica, Long.toString(leaseMs))).subscribe().with(lost -> {
            for (Response id : lost) {
                lose(id.toString());
            }
        }, failure -> LOG.warnf("renewing this replica's lease on its executions failed: %s", failure.getMessage()));
    }

    /** An execution is no longer this process's: its clients follow it from the store, its run stops. */
    private void lose(String id) {
        Local local = locals.get(id);
        if (local != null) {
            local.detach();
        }
        Owner told = owner;
        if (told != null) {
            told.lost(id);
        }
    }

    private boolean claiming;

    private void claimLapsed() {
        synchronized (this) {
            if (closing || claiming) {
                return;
            }
            claiming = true;
        }
        claim.run(redis, List.of(), List.of(replica, Long.toString(leaseMs * 6)))
                .onItem().transformToMulti(claimed -> Multi.createFrom().iterable(claimed).map(Response::toString))
                .onItem().transformToUniAndConcatenate(this::load)
                .subscribe().with(this::continueHere, failure -> {
                    claimedAll();
                    LOG.warnf("looking for executions to take over failed: %s", failure.getMessage());
                }, this::claimedAll);
    }

    private synchronized void claimedAll() {
        claiming = false;
    }

    private void continueHere(Claimed claimed) {
        if (claimed == null || !claimed.status().status().running()) {
            return;
        }
        locals.put(claimed.status().id(), new Local(claimed.status().id(), claimed.status().history(), false));
        owner.claimed(claimed);
    }

    /** Tells the owners of the executions followed from here that a client follows them. */
    private void markFollowed() {
        List<Request> marks = tail.followed().stream()
                .map(id -> Request.cmd(Command.SET).arg(seen(id)).arg("1").arg("PX").arg(resumeWindow.toMillis()))
                .toList();
        if (!marks.isEmpty()) {
            redis.batch(marks).subscribe().with(ignored -> {
            }, failure -> LOG.debugf("marking followed executions failed: %s", failure.getMessage()));
        }
    }

    /** A cancellation from another replica stops the work here at once; the lease renewal tells it too, later. */
    private void listenForCancellations() {
        if (closing) {
            return;
        }
        redis.connect().subscribe().with(connection -> {
            cancellations = connection;
            connection.handler(message -> {
                if (message != null && message.size() >= 3 && "message".equalsIgnoreCase(message.get(0).toString())) {
                    String id = message.get(2).toString();
                    if (locals.containsKey(id)) {
                        lose(id);
                    }
                }
            });
            connection.endHandler(() -> vertx.setTimer(500, ignored -> listenForCancellations()));
            connection.exceptionHandler(failure -> connection.closeAndForget());
            connection.send(Request.cmd(Command.SUBSCRIBE).arg(CANCEL_CHANNEL)).subscribe().with(ignored -> {
            }, failure -> connection.closeAndForget());
        }, failure -> vertx.setTimer(1000, ignored -> listenForCancellations()));
    }

    /** Stops renewing the lease and listening, as a process that dies does. */
    void halt() {
        closing = true;
        timers.forEach(vertx::cancelTimer);
        RedisConnection listening = cancellations;
        if (listening != null) {
            listening.closeAndForget();
        }
    }

    @Override
    public Uni<Void> handOver() {
        halt();
        // The writes still under way first, then the lease goes: another replica claims at once.
        return Multi.createFrom().iterable(List.copyOf(locals.values()))
                .onItem().transformToUniAndMerge(Local::settled)
                .collect().last()
                .onItem().transformToUni(ignored -> redis.send(Request.cmd(Command.DEL).arg("departure:replica:" + replica)))
                .invoke(ignored -> tail.close())
                .replaceWithVoid();
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot be stored as JSON: " + value, e);
        }
    }

    private <T> T read(String value, Class<T> type) {
        try {
            return json.readValue(value, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored execution cannot be read", e);
        }
    }

    /** One write of an execution: an event, or with a status its last event. */
    private record Write(String event, Object data, long at, Status status, Object result, UniEmitter<? super Boolean> done) {

        boolean last() {
            return status != null;
        }

        void done(boolean ended) {
            if (done != null) {
                done.complete(ended);
            }
        }
    }

    /**
     * An execution this process owns: its writes, sent in order, those queued meanwhile together
     * in one script, and the clients that follow it here, sent each event once it is stored. A
     * sync view's execution is written with its end, in one script: nobody can ask for it before
     * its answer names it.
     */
    private final class Local {
        private final String id;
        private final List<Recorded> events;
        private final boolean deferred;
        private final List<Follower> followers = new ArrayList<>(1);
        private final ArrayDeque<Write> queue = new ArrayDeque<>(2);
        private long next;
        private boolean writing;
        private boolean detached;
        private final List<Runnable> whenSettled = new ArrayList<>(0);

        Local(String id, List<Recorded> history, boolean deferred) {
            this.id = id;
            this.events = new ArrayList<>(history);
            this.next = history.size();
            this.deferred = deferred;
        }

        synchronized boolean attach(Follower follower) {
            if (detached) {
                return false;
            }
            for (Recorded event : events) {
                follower.emit(event);
            }
            followers.add(follower);
            follower.local = this;
            return true;
        }

        synchronized void remove(Follower follower) {
            followers.remove(follower);
        }

        void enqueue(Write write) {
            synchronized (this) {
                if (detached) {
                    write.done(false);
                    return;
                }
                queue.add(write);
                if (writing || (deferred && !write.last())) {
                    return;
                }
                writing = true;
            }
            drain();
        }

        private void drain() {
            List<Write> batch = new ArrayList<>(queue.size());
            long first;
            List<Runnable> settled = List.of();
            synchronized (this) {
                while (!detached && !queue.isEmpty() && (batch.isEmpty() || !batch.get(batch.size() - 1).last())) {
                    batch.add(queue.poll());
                }
                first = next;
                if (batch.isEmpty()) {
                    writing = false;
                    settled = List.copyOf(whenSettled);
                    whenSettled.clear();
                }
            }
            if (batch.isEmpty()) {
                settled.forEach(Runnable::run);
                return;
            }
            List<String> written = new ArrayList<>(3 * batch.size());
            for (Write write : batch) {
                written.addAll(List.of(write.event(), Long.toString(write.at()), write(write.data())));
            }
            Write last = batch.get(batch.size() - 1);
            List<String> args = new ArrayList<>(12 + written.size());
            if (last.last()) {
                args.addAll(List.of(replica, Long.toString(first), last.status().name(),
                        last.result() == last.data() ? "" : write(last.result()), Long.toString(retentionMs), id, replica,
                        Long.toString(leaseMs), Integer.toString(batch.size())));
            } else {
                args.addAll(List.of(replica, Long.toString(first), Integer.toString(batch.size())));
            }
            args.addAll(written);
            Uni<Response> command = (last.last() ? finish : append).run(redis, List.of(key(id), events(id)), args);
            backoff.retry(command, WRITE_RETRIES, failure -> !closing, () -> Duration.ofMillis(leaseMs))
                    .subscribe().with(response -> written(batch, first, response.toLong()), failure -> {
                        LOG.warnf("execution %s: %d events could not be stored: %s", id, batch.size(), failure.getMessage());
                        batch.forEach(write -> write.done(false));
                        lose(id);
                        drain();
                    });
        }

        private void written(List<Write> batch, long first, long result) {
            boolean ends = batch.get(batch.size() - 1).last();
            if (result <= 0 || (ends && result != first + batch.size())) {
                if (result < 0) {
                    LOG.errorf("execution %s: event %d is out of order in the store", id, first);
                }
                batch.forEach(write -> write.done(false));
                lose(id);
                drain();
                return;
            }
            List<Recorded> recorded = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                Write write = batch.get(i);
                recorded.add(new Recorded(Recorded.id(id, first + i), write.event(), Instant.ofEpochMilli(write.at()), write.data(), first + i));
            }
            List<Follower> following;
            synchronized (this) {
                next = first + batch.size();
                events.addAll(recorded);
                following = List.copyOf(followers);
                if (ends) {
                    detached = true;
                    followers.clear();
                    locals.remove(id, this);
                }
            }
            for (Follower follower : following) {
                recorded.forEach(follower::emit);
                if (ends) {
                    follower.emitter.complete();
                }
            }
            batch.forEach(write -> write.done(true));
            drain();
        }

        /** The execution is no longer written from here: its followers read the store from where they are. */
        void detach() {
            List<Follower> moved;
            List<Write> dropped;
            synchronized (this) {
                if (detached) {
                    return;
                }
                detached = true;
                moved = List.copyOf(followers);
                followers.clear();
                dropped = List.copyOf(queue);
                queue.clear();
            }
            locals.remove(id, this);
            dropped.forEach(write -> write.done(false));
            for (Follower follower : moved) {
                follower.local = null;
                followRemotely(follower);
            }
        }

        /** Completes once no write of this execution is under way. */
        Uni<Void> settled() {
            return Uni.createFrom().emitter(done -> {
                synchronized (this) {
                    if (writing) {
                        whenSettled.add(() -> done.complete(null));
                        return;
                    }
                }
                done.complete(null);
            });
        }
    }

    /** A client following an execution: here from memory, or from the store. */
    final class Follower {
        final String id;
        final MultiEmitter<? super Recorded> emitter;
        volatile long last;
        volatile Local local;

        Follower(String id, MultiEmitter<? super Recorded> emitter, long after) {
            this.id = id;
            this.emitter = emitter;
            this.last = after;
        }

        synchronized void emit(Recorded event) {
            if (event.sequence() > last) {
                last = event.sequence();
                emitter.emit(event);
            }
        }

        /** Sends a stored entry; true when it was the last one and the follower is done. */
        boolean deliver(Entry entry) {
            emit(entry.recorded());
            if (entry.last()) {
                emitter.complete();
                return true;
            }
            return false;
        }

        void close() {
            Local following = local;
            if (following != null) {
                following.remove(this);
            }
            tail.remove(this);
        }
    }
}
