package io.departure.gateway.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.departure.gateway.problem.ProblemException;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;

/** The memory store's promises: bounded, oldest finished dropped first, expiry, replay then live. */
class MemoryExecutionStoreTest {

    private static final ExecutionQuery QUERY = new ExecutionQuery("AR1973", "2026-11-27", "EZE", false);

    private static MemoryExecutionStore store(int max, Duration retention) {
        return new MemoryExecutionStore(new ExecutionsConfig() {
            @Override
            public Duration retention() {
                return retention;
            }

            @Override
            public int max() {
                return max;
            }

            @Override
            public Duration lease() {
                return Duration.ofSeconds(10);
            }
        }, new ExecutionIds(), Clock.systemUTC(),
                new EventCodec(new ObjectMapper().findAndRegisterModules().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS), Map.of()));
    }

    private static String create(MemoryExecutionStore store) {
        return store.create(QUERY, View.ASYNC, Instant.now().plusSeconds(60), null).await().indefinitely().id();
    }

    @Test
    void aStoreFullOfRunningExecutionsRefusesANewOneWith503() {
        MemoryExecutionStore store = store(2, Duration.ofHours(1));
        create(store);
        create(store);
        assertThatThrownBy(() -> create(store)).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.problem().status()).isEqualTo(503);
            assertThat(e.retryAfter()).isPositive();
        });
    }

    @Test
    void whenFullTheExecutionThatFinishedFirstIsDropped() {
        MemoryExecutionStore store = store(2, Duration.ofHours(1));
        String first = create(store);
        String second = create(store);
        store.finish(second, Status.SUCCEEDED, "departure", "two", "two").await().indefinitely();
        store.finish(first, Status.SUCCEEDED, "departure", "one", "one").await().indefinitely();
        String third = create(store);
        assertThat(store.status(second).await().indefinitely()).as("finished first, dropped first").isNull();
        assertThat(store.status(first).await().indefinitely().result()).hasToString("\"one\"");
        assertThat(store.status(third).await().indefinitely().status()).isEqualTo(Status.RUNNING);
    }

    @Test
    void aFinishedExecutionExpiresAfterTheRetention() throws InterruptedException {
        MemoryExecutionStore store = store(10, Duration.ofMillis(200));
        String id = create(store);
        Thread.sleep(300);
        assertThat(store.status(id).await().indefinitely()).as("running executions do not expire").isNotNull();
        store.finish(id, Status.SUCCEEDED, "departure", "d", "d").await().indefinitely();
        assertThat(store.status(id).await().indefinitely()).isNotNull();
        Thread.sleep(300);
        assertThat(store.status(id).await().indefinitely()).isNull();
        assertThat(store.follow(id, -1).subscribe().withSubscriber(AssertSubscriber.create(10)).awaitCompletion().getItems()).isEmpty();
    }

    @Test
    void followingReplaysAfterTheGivenEventThenSendsLiveOnesUntilTheEnd() {
        MemoryExecutionStore store = store(10, Duration.ofHours(1));
        String id = create(store);
        store.append(id, "flight", "f");
        AssertSubscriber<Recorded> follower = store.follow(id, 0).subscribe().withSubscriber(AssertSubscriber.create(10));
        follower.awaitItems(1);
        store.append(id, "forecast", "w");
        store.finish(id, Status.SUCCEEDED, "departure", "d", "d").await().indefinitely();
        store.append(id, "late", "ignored once finished");
        follower.awaitCompletion();
        assertThat(follower.getItems()).extracting(Recorded::event).containsExactly("flight", "forecast", "departure");
        assertThat(follower.getItems()).extracting(Recorded::id).containsExactly(id + ":1", id + ":2", id + ":3");
    }

    @Test
    void anIdempotencyKeyAnswersTheSameExecutionForTheSameQueryOnly() {
        MemoryExecutionStore store = store(10, Duration.ofHours(1));
        ExecutionStore.Created first = store.create(QUERY, View.ASYNC, Instant.now().plusSeconds(60), "k").await().indefinitely();
        ExecutionStore.Created again = store.create(QUERY, View.ASYNC, Instant.now().plusSeconds(60), "k").await().indefinitely();
        assertThat(again).isEqualTo(new ExecutionStore.Created(first.id(), true));
        assertThatThrownBy(() -> store.create(new ExecutionQuery("AR1974", "2026-11-27", null, false), View.ASYNC, Instant.now(), "k").await().indefinitely())
                .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().status()).isEqualTo(409));
    }

    @Test
    void eventIdsAreParsedOnlyWhenTheyAreOurs() {
        assertThat(Recorded.EventId.parse("abc:3")).isEqualTo(new Recorded.EventId("abc", 3));
        assertThat(Recorded.EventId.parse("abc")).isNull();
        assertThat(Recorded.EventId.parse(":3")).isNull();
        assertThat(Recorded.EventId.parse("abc:-1")).isNull();
        assertThat(Recorded.EventId.parse("abc:x")).isNull();
        assertThat(Recorded.EventId.parse(null)).isNull();
    }
}
