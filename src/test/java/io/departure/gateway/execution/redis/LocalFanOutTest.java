package io.departure.gateway.execution.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.departure.gateway.execution.Recorded;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;

/**
 * The clients following from memory an execution this replica writes: what is stored so far, then
 * each event once, and, once the execution is lost, their hand-over to the store where they are.
 */
class LocalFanOutTest {

    private static Recorded event(long sequence) {
        return new Recorded(Recorded.id("x", sequence), "e" + sequence, Instant.EPOCH, null, sequence);
    }

    /** A client's feed, after {@code after}, and what it received. */
    private static AssertSubscriber<Recorded> client(long after, AtomicReference<EventFeed> feed) {
        return Multi.createFrom().<Recorded> emitter(emitter -> feed.set(new EventFeed("x", emitter, after)))
                .subscribe().withSubscriber(AssertSubscriber.create(100));
    }

    @Test
    void aFeedGetsWhatIsStoredAfterItsLastEventThenEachNewOneOnceAndCompletesWithTheEnd() {
        LocalFanOut fanOut = new LocalFanOut(List.of(event(0), event(1)));
        AtomicReference<EventFeed> feed = new AtomicReference<>();
        AssertSubscriber<Recorded> client = client(0, feed);

        assertThat(fanOut.attach(feed.get())).isTrue();
        fanOut.stored(List.of(event(1), event(2)), false);
        fanOut.stored(List.of(event(3)), true);

        client.assertCompleted();
        assertThat(client.getItems()).extracting(Recorded::sequence).containsExactly(1L, 2L, 3L);
        assertThat(fanOut.attach(feed.get())).as("ended").isFalse();
    }

    @Test
    void onceLostItTakesNoMoreFeedsAndHandsOverThoseItHadWhereTheyAre() {
        LocalFanOut fanOut = new LocalFanOut(List.of(event(0)));
        AtomicReference<EventFeed> feed = new AtomicReference<>();
        AssertSubscriber<Recorded> client = client(-1, feed);
        fanOut.attach(feed.get());

        List<EventFeed> moved = fanOut.close();

        assertThat(moved).containsExactly(feed.get());
        assertThat(moved.get(0).last()).isZero();
        assertThat(fanOut.close()).isEmpty();
        assertThat(fanOut.attach(feed.get())).isFalse();
        client.assertNotTerminated();
    }
}
