package io.departure.gateway.execution.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.departure.gateway.execution.EventCodec;
import io.departure.gateway.execution.ExecutionIds;
import io.departure.gateway.execution.ExecutionQuery;
import io.departure.gateway.execution.ExecutionStatus;
import io.departure.gateway.execution.ExecutionStore;
import io.departure.gateway.execution.Recorded;
import io.departure.gateway.execution.Status;
import io.departure.gateway.execution.View;
import io.departure.gateway.problem.Problem;
import io.departure.gateway.problem.ProblemException;
import io.departure.gateway.testing.RedisServer;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;

/**
 * The Redis store's promises with two stores as two replicas on one real Redis server: events in
 * order and followed live from either, cancellation from the replica that does not run it,
 * takeover once a replica's lease lapses (or at once when it hands over), idempotency, expiry.
 */
class RedisExecutionStoreTest {

    private static final ExecutionQuery QUERY = new ExecutionQuery("AR1973", "2026-11-27", "EZE", false);
    private static final Duration LEASE = Duration.ofMillis(600);
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    private static RedisServer server;
    private static Vertx vertx;
    private final List<RedisExecutionStore> stores = new CopyOnWriteArrayList<>();

    /** What a store told the process about its executions. */
    static final class Told implements ExecutionStore.Owner {
        final List<String> lost = new CopyOnWriteArrayList<>();
        final List<ExecutionStore.Claimed> claimed = new CopyOnWriteArrayList<>();

        @Override
        public void lost(String id) {
            lost.add(id);
        }

        @Override
        public void claimed(ExecutionStore.Claimed execution) {
            claimed.add(execution);
        }
    }

    @BeforeAll
    static void startRedis() {
        server = RedisServer.start();
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopRedis() {
        vertx.closeAndAwait();
        server.close();
    }

    @AfterEach
    void halt() {
        stores.forEach(RedisExecutionStore::halt);
    }

    private RedisExecutionStore replica(Duration retention, Duration lease) {
        return replica(server.url(), retention, lease);
    }

    private RedisExecutionStore replica(String url, Duration retention, Duration lease) {
        return replica(url, retention, lease, new EventCodec(JSON, Map.of()));
    }

    private RedisExecutionStore replica(String url, Duration retention, Duration lease, EventCodec codec) {
        Redis redis = Redis.createClient(vertx, new RedisOptions().setConnectionString(url).setMaxPoolSize(16)
                .setMaxPoolWaiting(1000));
        RedisExecutionStore store = new RedisExecutionStore(redis, vertx, codec, new ExecutionIds(), Clock.systemUTC(),
                new RedisExecutionStore.Settings(retention, lease, Duration.ofMinutes(1), Duration.ofSeconds(1), 0));
        stores.add(store);
        return store;
    }

    private RedisExecutionStore replica() {
        return replica(Duration.ofHours(1), LEASE);
    }

    private static String create(RedisExecutionStore store) {
        return store.create(QUERY, View.ASYNC, Instant.now().plusSeconds(60), null).await().atMost(Duration.ofSeconds(5)).id();
    }

    private static ExecutionStatus status(ExecutionStore store, String id) {
        return store.status(id).await().atMost(Duration.ofSeconds(5));
    }

    @Test
    void eventsAreStoredInOrderAndFollowedLiveFromEitherReplica() {
        RedisExecutionStore a = replica();
        RedisExecutionStore b = replica();
        String id = create(a);
        a.append(id, "flight", Map.of("outcome", "ok"));
        await().atMost(Duration.ofSeconds(5)).until(() -> status(b, id).history().size() == 2);

        AssertSubscriber<Recorded> remote = b.follow(id, -1).subscribe().withSubscriber(AssertSubscriber.create(100));
        AssertSubscriber<Recorded> local = a.follow(id, 0).subscribe().withSubscriber(AssertSubscriber.create(100));
        remote.awaitItems(2);
        a.append(id, "forecast", Map.of("outcome", "ok"));
        assertThat(a.finish(id, Status.SUCCEEDED, "departure", Map.of("complete", true), Map.of("complete", true))
                .await().atMost(Duration.ofSeconds(5))).isTrue();

        remote.awaitCompletion(Duration.ofSeconds(5));
        local.awaitCompletion(Duration.ofSeconds(5));
        assertThat(remote.getItems()).extracting(Recorded::id).containsExactly(id + ":0", id + ":1", id + ":2", id + ":3");
        assertThat(remote.getItems()).extracting(Recorded::event).containsExactly("execution", "flight", "forecast", "departure");
        assertThat(local.getItems()).extracting(Recorded::event).containsExactly("flight", "forecast", "departure");

        ExecutionStatus done = status(b, id);
        assertThat(done.status()).isEqualTo(Status.SUCCEEDED);
        assertThat(done.endedAt()).isNotNull();
        assertThat(done.result().toString()).contains("\"complete\":true");
        assertThat(done.query()).isEqualTo(QUERY);
        assertThat(b.finish(id, Status.FAILED, "error", "late", "late").await().atMost(Duration.ofSeconds(5))).isFalse();
        assertThat(b.follow(id, 3).subscribe().withSubscriber(AssertSubscriber.create(10)).awaitCompletion().getItems()).isEmpty();
    }

    /** The data of a test's event. */
    record Seen(String flight, int attempts) {
    }

    @Test
    void anEventReadsBackAsTheValueItWasWrittenFromOnTheReplicaThatWroteItAndOnAnother() {
        EventCodec codec = new EventCodec(JSON, Map.of("flight", data -> JSON.convertValue(data, Seen.class)));
        RedisExecutionStore a = replica(server.url(), Duration.ofHours(1), LEASE, codec);
        RedisExecutionStore b = replica(server.url(), Duration.ofHours(1), LEASE, codec);
        String id = create(a);
        AssertSubscriber<Recorded> local = a.follow(id, 0).subscribe().withSubscriber(AssertSubscriber.create(10));
        a.append(id, "flight", new Seen("AR1973", 2));
        a.finish(id, Status.SUCCEEDED, "departure", "d", "d").await().atMost(Duration.ofSeconds(5));

        local.awaitCompletion(Duration.ofSeconds(5));
        List<Recorded> remote = b.follow(id, 0).subscribe().withSubscriber(AssertSubscriber.create(10)).awaitCompletion().getItems();
        assertThat(local.getItems().get(0).data()).isEqualTo(new Seen("AR1973", 2));
        assertThat(remote.get(0).data()).isEqualTo(new Seen("AR1973", 2));
        assertThat(status(b, id).history().get(1).data()).isEqualTo(new Seen("AR1973", 2));
    }

    @Test
    void aReplicaThatDoesNotRunAnExecutionCancelsItAndItsOwnerIsTold() {
        RedisExecutionStore a = replica();
        RedisExecutionStore b = replica();
        Told toldA = new Told();
        a.serve(toldA);
        String id = create(a);
        await().atMost(Duration.ofSeconds(5)).until(() -> status(b, id).history().size() == 1);
        AssertSubscriber<Recorded> following = a.follow(id, 0).subscribe().withSubscriber(AssertSubscriber.create(10));

        Problem problem = Problem.of("cancelled", "Execution cancelled", 410, "cancelled by a test");
        assertThat(b.cancel(id, problem).await().atMost(Duration.ofSeconds(5))).isTrue();

        await().atMost(Duration.ofSeconds(5)).until(() -> toldA.lost.contains(id));
        following.awaitCompletion(Duration.ofSeconds(5));
        assertThat(following.getItems()).extracting(Recorded::event).containsExactly("error");
        a.append(id, "flight", Map.of("outcome", "ok"));
        ExecutionStatus cancelled = status(b, id);
        assertThat(cancelled.status()).isEqualTo(Status.CANCELLED);
        assertThat(cancelled.history()).extracting(Recorded::event).containsExactly("execution", "error");
        assertThat(cancelled.result().toString()).contains("cancelled by a test");
        assertThat(b.cancel(id, problem).await().atMost(Duration.ofSeconds(5))).as("already over").isFalse();
    }

    @Test
    void whenAReplicaDiesAnotherTakesItsExecutionsOverAndTheDeadOneWritesNoMore() {
        RedisExecutionStore a = replica();
        RedisExecutionStore b = replica();
        Told toldA = new Told();
        Told toldB = new Told();
        a.serve(toldA);
        Instant deadline = Instant.now().plusSeconds(60);
        String id = a.create(QUERY, View.STREAM, deadline, null).await().atMost(Duration.ofSeconds(5)).id();
        a.append(id, "flight", Map.of("outcome", "ok", "value", Map.of("id", "AR1973")));
        await().atMost(Duration.ofSeconds(5)).until(() -> status(b, id).history().size() == 2);
        AssertSubscriber<Recorded> follower = b.follow(id, 1).subscribe().withSubscriber(AssertSubscriber.create(10));

        a.halt(); // as SIGKILL would: no more renewals
        b.serve(toldB);

        await().atMost(LEASE.multipliedBy(5)).until(() -> toldB.claimed.size() == 1);
        ExecutionStore.Claimed claimed = toldB.claimed.get(0);
        assertThat(claimed.origin()).isEqualTo(View.STREAM);
        assertThat(claimed.deadline().toEpochMilli()).isEqualTo(deadline.toEpochMilli());
        assertThat(claimed.status().history()).extracting(Recorded::event).containsExactly("execution", "flight");
        assertThat(claimed.status().history().get(1).data().toString()).contains("AR1973");

        a.append(id, "forecast", Map.of("outcome", "ok", "from", "the dead replica"));
        b.append(id, "forecast", Map.of("outcome", "ok", "from", "the new owner"));
        b.finish(id, Status.SUCCEEDED, "departure", Map.of("complete", true), Map.of("complete", true)).await().atMost(Duration.ofSeconds(5));

        follower.awaitCompletion(Duration.ofSeconds(5));
        assertThat(follower.getItems()).extracting(Recorded::id).containsExactly(id + ":2", id + ":3");
        ExecutionStatus done = status(a, id);
        assertThat(done.history()).extracting(Recorded::event).containsExactly("execution", "flight", "forecast", "departure");
        assertThat(done.history().get(2).data().toString()).contains("the new owner");
    }

    @Test
    void aReplicaThatHandsOverIsContinuedAtOnceRatherThanAfterItsLease() {
        RedisExecutionStore a = replica(Duration.ofHours(1), Duration.ofSeconds(30));
        RedisExecutionStore b = replica(Duration.ofHours(1), Duration.ofSeconds(30));
        Told toldB = new Told();
        a.serve(new Told());
        b.serve(toldB);
        String id = create(a);

        a.handOver().await().atMost(Duration.ofSeconds(5));

        await().atMost(Duration.ofSeconds(5)).until(() -> toldB.claimed.size() == 1);
        assertThat(toldB.claimed.get(0).status().id()).isEqualTo(id);
        assertThat(toldB.claimed.get(0).status().history()).hasSize(1);
    }

    @Test
    void anIdempotencyKeyAnswersTheSameExecutionOnEveryReplicaForTheSameQueryOnly() {
        RedisExecutionStore a = replica();
        RedisExecutionStore b = replica();
        String key = "order-" + System.nanoTime();
        ExecutionStore.Created first = a.create(QUERY, View.ASYNC, Instant.now().plusSeconds(60), key).await().atMost(Duration.ofSeconds(5));
        ExecutionStore.Created again = b.create(QUERY, View.ASYNC, Instant.now().plusSeconds(60), key).await().atMost(Duration.ofSeconds(5));
        assertThat(first.existing()).isFalse();
        assertThat(again).isEqualTo(new ExecutionStore.Created(first.id(), true));
        assertThatThrownBy(() -> b.create(new ExecutionQuery("AR1974", "2026-11-27", null, false), View.ASYNC, Instant.now(), key)
                .await().atMost(Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().status()).isEqualTo(409));
    }

    @Test
    void afterRedisRestartsWithNothingSavedTheStoreServesAgainAndItsLostExecutionsStop() {
        RedisExecutionStore a = replica();
        Told told = new Told();
        a.serve(told);
        String before = create(a);
        await().atMost(Duration.ofSeconds(5)).until(() -> status(a, before) != null && status(a, before).history().size() == 1);

        server.restart();

        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> status(a, before) == null);
        a.append(before, "flight", Map.of("outcome", "ok"));
        await().atMost(Duration.ofSeconds(10)).until(() -> told.lost.contains(before));
        String after = await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> create(a), id -> id != null);
        AssertSubscriber<Recorded> following = a.follow(after, -1).subscribe().withSubscriber(AssertSubscriber.create(10));
        a.finish(after, Status.SUCCEEDED, "departure", "d", "d").await().atMost(Duration.ofSeconds(5));
        following.awaitCompletion(Duration.ofSeconds(5));
        assertThat(following.getItems()).extracting(Recorded::event).containsExactly("execution", "departure");
    }

    @Test
    void aStoreThatCannotBeReachedAnswersA503ProblemRatherThanAnError() {
        RedisExecutionStore unreachable = replica("redis://127.0.0.1:1", Duration.ofHours(1), LEASE);
        assertThatThrownBy(() -> create(unreachable)).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.problem().status()).isEqualTo(503);
            assertThat(e.retryAfter()).isPositive();
        });
        assertThatThrownBy(() -> status(unreachable, "any")).isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> unreachable.ping().await().atMost(Duration.ofSeconds(5))).isNotNull();
    }

    @Test
    void aFinishedExecutionExpiresAfterTheRetentionAndAnUnknownOneIsNothing() {
        RedisExecutionStore a = replica(Duration.ofMillis(300), LEASE);
        String id = create(a);
        a.finish(id, Status.SUCCEEDED, "departure", "d", "d").await().atMost(Duration.ofSeconds(5));
        assertThat(status(a, id)).isNotNull();
        await().atMost(Duration.ofSeconds(5)).until(() -> status(a, id) == null);
        assertThat(a.follow(id, -1).subscribe().withSubscriber(AssertSubscriber.create(10)).awaitCompletion().getItems()).isEmpty();
        assertThat(status(a, "no-such-execution")).isNull();
    }
}
