package io.departure.gateway.flight;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import io.departure.gateway.backend.ServerSentEvent;
import io.departure.gateway.engine.Backoff;
import io.departure.gateway.engine.StepFailure;
import io.departure.gateway.engine.StepFailure.Kind;
import io.departure.gateway.watch.Reconnected;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;

/**
 * The watch's update stream against a scripted flight service: what it opens again and after
 * which event, what it relays (once), when it subscribes again and under which key, and what it
 * tells the watch when it is reconnected.
 */
class UpdateStreamTest {

    static final Duration WAIT = Duration.ofSeconds(5);
    static final String KEY = "e1:subscription";

    /** A flight service that answers each opening and each subscribing as the test scripted it. */
    static final class Scripted implements UpdateStream.Service {
        final Deque<Function<Subscription, Uni<Multi<ServerSentEvent>>>> openings = new ArrayDeque<>();
        final Deque<Subscription> subscribing = new ArrayDeque<>();
        final List<String> openedAfter = new CopyOnWriteArrayList<>();
        final List<String> openedOn = new CopyOnWriteArrayList<>();
        final List<Long> openedAt = new CopyOnWriteArrayList<>();
        final List<String> keys = new CopyOnWriteArrayList<>();

        @Override
        public synchronized Uni<Subscription> subscribe(String idempotencyKey) {
            keys.add(idempotencyKey);
            return Uni.createFrom().item(subscribing.poll());
        }

        @Override
        public synchronized Uni<Multi<ServerSentEvent>> updates(Subscription subscription, String lastEventId) {
            openedAfter.add(String.valueOf(lastEventId));
            openedOn.add(subscription.id());
            openedAt.add(System.nanoTime());
            Function<Subscription, Uni<Multi<ServerSentEvent>>> next = openings.size() > 1 ? openings.poll() : openings.peek();
            return next.apply(subscription);
        }

        @Override
        public Flight flight(ServerSentEvent update) {
            return UpdateStreamTest.flight(update.data());
        }

        Scripted then(Function<Subscription, Uni<Multi<ServerSentEvent>>> opening) {
            openings.add(opening);
            return this;
        }
    }

    static Flight flight(String status) {
        return new Flight("AR1973", LocalDate.of(2026, 11, 27), status, "EZE", "YUL", OffsetDateTime.parse("2026-11-27T21:00:00-03:00"),
                null, "A12");
    }

    static ServerSentEvent update(String id, String status) {
        return new ServerSentEvent("flight", status, id);
    }

    /** An opening that sends these events, then drops. */
    static Function<Subscription, Uni<Multi<ServerSentEvent>>> sends(ServerSentEvent... events) {
        return subscription -> Uni.createFrom().item(Multi.createBy().concatenating().streams(Multi.createFrom().items(events),
                Multi.createFrom().failure(new StepFailure(Kind.UPSTREAM, "flight connection failed: Connection reset"))));
    }

    static Function<Subscription, Uni<Multi<ServerSentEvent>>> fails(StepFailure failure) {
        return subscription -> Uni.createFrom().failure(failure);
    }

    private final List<Object> published = new CopyOnWriteArrayList<>();

    private UpdateStream stream(Scripted service, Subscriptions subscriptions) {
        return new UpdateStream(service, subscriptions, new Backoff(Duration.ofMillis(10), Duration.ofMillis(40), 0),
                flight -> flight.status().equals("DEPARTED"), published::add);
    }

    private static Subscriptions first() {
        return new Subscriptions(KEY, new Subscription("sub-1", 300));
    }

    @Test
    void aDroppedStreamResumesAfterTheLastEventIdAndNoUpdateIsRelayedTwice() {
        Scripted service = new Scripted()
                .then(sends(update("1", "ON_TIME"), update("2", "BOARDING")))
                .then(sends(update("2", "BOARDING"), update("3", "DEPARTED")));

        Flight last = stream(service, first()).follow().subscribe().withSubscriber(UniAssertSubscriber.create()).awaitItem(WAIT).getItem();

        assertThat(last.status()).isEqualTo("DEPARTED");
        assertThat(service.openedAfter).containsExactly("null", "2");
        assertThat(published).hasSize(4);
        assertThat(published.get(0)).isEqualTo(flight("ON_TIME"));
        assertThat(published.get(1)).isEqualTo(flight("BOARDING"));
        assertThat(published.get(2)).isEqualTo(new Reconnected("flight", 1, false, "flight connection failed: Connection reset"));
        assertThat(published.get(3)).isEqualTo(flight("DEPARTED"));
    }

    @Test
    void aStreamThatKeepsFailingIsOpenedAgainUntilItWorksAndTheAttemptsAreTold() {
        Scripted service = new Scripted()
                .then(sends(update("1", "BOARDING")))
                .then(fails(new StepFailure(Kind.TIMEOUT, "flight did not answer within 1000 ms")))
                .then(fails(new StepFailure(Kind.UPSTREAM, "flight answered HTTP 503")))
                .then(sends(update("2", "DEPARTED")));

        stream(service, first()).follow().subscribe().withSubscriber(UniAssertSubscriber.create()).awaitItem(WAIT);

        assertThat(service.openedAfter).containsExactly("null", "1", "1", "1");
        assertThat(published).containsExactly(flight("BOARDING"),
                new Reconnected("flight", 3, false, "flight connection failed: Connection reset"), flight("DEPARTED"));
    }

    @Test
    void aSubscriptionTheServiceLostIsMadeAgainUnderTheWatchsKeyAndFollowedAfresh() {
        Scripted service = new Scripted()
                .then(sends(update("7", "BOARDING")))
                .then(fails(new StepFailure(Kind.NOT_FOUND, "subscription sub-1 does not exist")))
                .then(sends(update("1", "DEPARTED")));
        service.subscribing.add(new Subscription("sub-2", 300));
        Subscriptions subscriptions = first();

        stream(service, subscriptions).follow().subscribe().withSubscriber(UniAssertSubscriber.create()).awaitItem(WAIT);

        assertThat(service.keys).containsExactly(KEY);
        assertThat(service.openedOn).containsExactly("sub-1", "sub-1", "sub-2");
        assertThat(service.openedAfter).as("the new subscription's ids are its own").containsExactly("null", "7", "null");
        assertThat(subscriptions.all()).extracting(Subscription::id).containsExactly("sub-1", "sub-2");
        assertThat(published).filteredOn(Reconnected.class::isInstance).singleElement()
                .satisfies(notice -> assertThat(((Reconnected) notice).resubscribed()).isTrue());
    }

    @Test
    void aServiceThatAnswersTheKeyWithTheSubscriptionItLostIsAskedUnderTheNextKey() {
        Scripted service = new Scripted()
                .then(fails(new StepFailure(Kind.NOT_FOUND, "subscription sub-1 does not exist")))
                .then(sends(update(null, "DEPARTED")));
        service.subscribing.add(new Subscription("sub-1", 300));
        service.subscribing.add(new Subscription("sub-2", 300));
        Subscriptions subscriptions = first();

        stream(service, subscriptions).follow().subscribe().withSubscriber(UniAssertSubscriber.create()).awaitItem(WAIT);

        assertThat(service.keys).containsExactly(KEY, KEY + ":2");
        assertThat(subscriptions.all()).extracting(Subscription::id).containsExactly("sub-1", "sub-2");
        assertThat(service.openedOn).containsExactly("sub-1", "sub-2");
    }

    @Test
    void anOpenCircuitIsWaitedOutRatherThanAskedAgainAtOnce() {
        Scripted service = new Scripted()
                .then(fails(new StepFailure(Kind.CIRCUIT_OPEN, "flight circuit is open", Duration.ofMillis(300), null)))
                .then(sends(update("1", "DEPARTED")));

        stream(service, first()).follow().subscribe().withSubscriber(UniAssertSubscriber.create()).awaitItem(WAIT);

        assertThat(service.openedAt).hasSize(2);
        assertThat(Duration.ofNanos(service.openedAt.get(1) - service.openedAt.get(0)))
                .as("not before the circuit lets calls through again").isGreaterThanOrEqualTo(Duration.ofMillis(300));
    }

    @Test
    void cancellingTheWatchClosesTheStreamAndOpensNoOther() {
        AtomicBoolean closed = new AtomicBoolean();
        Scripted service = new Scripted().then(subscription -> Uni.createFrom().item(
                Multi.createFrom().<ServerSentEvent> nothing().onCancellation().invoke(() -> closed.set(true))));

        UniAssertSubscriber<Flight> watching = stream(service, first()).follow().subscribe().withSubscriber(UniAssertSubscriber.create());
        watching.cancel();

        assertThat(closed).isTrue();
        assertThat(service.openedAfter).hasSize(1);
    }
}
