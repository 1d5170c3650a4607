package io.departure.gateway.watch;

import static io.departure.gateway.testing.StubBackends.SUBSCRIPTIONS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.departure.gateway.testing.EventRecorder;
import io.departure.gateway.testing.EventRecorder.Received;
import io.departure.gateway.testing.InjectStubs;
import io.departure.gateway.testing.StubBackends;
import io.departure.gateway.testing.StubBackendsResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

/**
 * A watch against a flight service that behaves as real ones do over hours: update streams that
 * end or drop, a response head slower than an attempt's timeout, a subscription the service
 * loses. The watch goes on to the flight's departure, sends every change once, tells the client
 * it reconnected ({@code watch} event), and releases every subscription it made. Its
 * subscription is made under the execution's idempotency key.
 */
@QuarkusTest
@QuarkusTestResource(value = StubBackendsResource.class, restrictToAnnotatedClass = true)
class WatchOutlivesItsBackendTest {

    static final String DATE = "2026-11-27";
    static final Duration WAIT = Duration.ofSeconds(8);

    @InjectStubs
    StubBackends stubs;

    @Inject
    CircuitBreakerMaintenance breakers;

    @Inject
    ObjectMapper json;

    @TestHTTPResource("/departure/stream?flight=AR1973&date=" + DATE + "&from=EZE&watch=true")
    URI watch;

    @BeforeEach
    void reset() {
        stubs.reset();
        breakers.resetAll();
    }

    private static String flight(String status, String gate) {
        return StubBackends.flightJson("AR1973", DATE, "EZE", status).replace("\"A12\"", "\"" + gate + "\"");
    }

    /** The changes the watch sent after the departure: each flight's status and gate. */
    private List<String> changes(List<Received> events) {
        int departure = events.stream().map(Received::name).toList().indexOf("departure");
        return events.stream().skip(departure + 1L).filter(event -> event.name().equals("flight"))
                .map(event -> read(event).get("value")).map(value -> value.get("status").asText() + "@" + value.get("gate").asText())
                .toList();
    }

    private List<JsonNode> notices(List<Received> events) {
        return events.stream().filter(event -> event.name().equals(Reconnected.EVENT)).map(this::read).toList();
    }

    private JsonNode read(Received event) {
        try {
            return json.readTree(event.data());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private List<StubBackends.Received> calls(String method) {
        return stubs.received(SUBSCRIPTIONS).stream().filter(r -> r.method().equals(method)).toList();
    }

    @Test
    void anUpdateStreamThatDropsEveryTwoUpdatesReachesDepartureWithEveryChangeOnce() {
        stubs.updates(List.of(flight("ON_TIME", "B7"), flight("DELAYED", "B7"), flight("BOARDING", "B7"), flight("DEPARTED", "B7")),
                100, true);
        stubs.subscriptions().withIds();
        stubs.subscriptions().dropAfter(2, true);
        try (EventRecorder events = new EventRecorder(watch)) {
            List<Received> received = events.awaitEvent("end", WAIT);
            assertThat(changes(received)).containsExactly("ON_TIME@B7", "DELAYED@B7", "BOARDING@B7", "DEPARTED@B7");
            assertThat(read(received.get(received.size() - 1)).get("reason").asText()).isEqualTo("departed");
            assertThat(notices(received)).as("the client is told the watch reconnected").isNotEmpty().allSatisfy(notice -> {
                assertThat(notice.get("step").asText()).isEqualTo("flight");
                assertThat(notice.get("state").asText()).isEqualTo("reconnected");
                assertThat(notice.get("resubscribed").asBoolean()).isFalse();
            });
        }
        List<StubBackends.Received> opened = calls("GET");
        assertThat(opened).hasSizeGreaterThanOrEqualTo(2);
        assertThat(opened.get(0).header("Last-Event-ID")).as("a new stream starts afresh").isNull();
        assertThat(opened.get(1).header("Last-Event-ID")).as("a reopened one resumes after the last update").isEqualTo("2");
        assertThat(calls("POST")).hasSize(1);
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(stubs.released()).isNotEmpty().containsOnly("sub-1"));
    }

    @Test
    void updatesThatEndEarlyWithoutIdsAreReopenedAndAnUpdateSentAgainIsNotRelayedTwice() {
        stubs.updates(List.of(flight("ON_TIME", "C3"), flight("BOARDING", "C3"), flight("DEPARTED", "C3")), 100, true);
        stubs.subscriptions().dropAfter(2, false);
        try (EventRecorder events = new EventRecorder(watch)) {
            List<Received> received = events.awaitEvent("end", WAIT);
            assertThat(changes(received)).containsExactly("ON_TIME@C3", "BOARDING@C3", "DEPARTED@C3");
            assertThat(read(received.get(received.size() - 1)).get("reason").asText()).isEqualTo("departed");
            assertThat(notices(received)).hasSize(1).first()
                    .satisfies(notice -> assertThat(notice.get("cause").asText()).contains("ended before it departed"));
        }
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(stubs.released()).isNotEmpty().containsOnly("sub-1"));
    }

    @Test
    void aSubscriptionTheServiceLosesIsMadeAgainAndBothAreReleased() {
        stubs.updates(List.of(flight("ON_TIME", "D4"), flight("BOARDING", "D4"), flight("DEPARTED", "D4")), 300, true);
        try (EventRecorder events = new EventRecorder(watch)) {
            // lost before its next update, so that the new subscription's first one is a repeat
            await().atMost(WAIT).pollInterval(Duration.ofMillis(10)).until(() -> changes(events.events()).contains("ON_TIME@D4"));
            stubs.subscriptions().lose("sub-1");
            List<Received> received = events.awaitEvent("end", WAIT);
            assertThat(changes(received)).containsExactly("ON_TIME@D4", "BOARDING@D4", "DEPARTED@D4");
            assertThat(read(received.get(received.size() - 1)).get("reason").asText()).isEqualTo("departed");
            assertThat(notices(received)).hasSize(1).first()
                    .satisfies(notice -> assertThat(notice.get("resubscribed").asBoolean()).isTrue());
        }
        List<StubBackends.Received> subscribed = calls("POST");
        assertThat(subscribed).hasSize(2);
        assertThat(subscribed).extracting(r -> r.header("Idempotency-Key")).as("made again under the watch's key").containsOnly(
                subscribed.get(0).header("Idempotency-Key"));
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(stubs.released()).contains("sub-1", "sub-2"));
    }

    @Test
    void aResponseHeadSlowerThanAnAttemptIsRetriedNotReportedAsTheWatchLimit() {
        stubs.updates(List.of(flight("BOARDING", "E5"), flight("DEPARTED", "E5")), 100, true);
        stubs.subscriptions().slowHeads(1500); // the flight's attempt timeout is 1 s in tests
        try (EventRecorder events = new EventRecorder(watch)) {
            List<Received> received = events.awaitEvent("end", WAIT);
            assertThat(read(received.get(received.size() - 1)).get("reason").asText()).isEqualTo("departed");
            assertThat(changes(received)).containsExactly("BOARDING@E5", "DEPARTED@E5");
            assertThat(notices(received)).hasSize(1).first()
                    .satisfies(notice -> assertThat(notice.get("cause").asText()).contains("did not answer within"));
        }
        assertThat(calls("GET")).hasSize(2);
        assertThat(stubs.hangUps(SUBSCRIPTIONS)).as("the slow attempt was given up").isGreaterThanOrEqualTo(1);
    }

    @Test
    void theSubscriptionIsMadeUnderTheExecutionsIdempotencyKey() {
        stubs.updates(List.of(flight("DEPARTED", "F6")), 100, true);
        try (EventRecorder events = new EventRecorder(watch)) {
            String execution = events.awaitEvent("end", WAIT).get(0).id().split(":")[0];
            assertThat(calls("POST")).extracting(r -> r.header("Idempotency-Key")).containsExactly(execution + ":subscription");
            assertThat(stubs.subscriptions().mostLiveAtOnce(execution)).isEqualTo(1);
            await().atMost(Duration.ofSeconds(2)).until(() -> stubs.subscriptions().live(execution) == 0);
        }
    }
}
