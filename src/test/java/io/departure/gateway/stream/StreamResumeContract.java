package io.departure.gateway.stream;

import static io.departure.gateway.testing.StubBackends.FLIGHT;
import static io.departure.gateway.testing.StubBackends.FORECAST;
import static io.departure.gateway.testing.StubBackends.SUBSCRIPTIONS;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.departure.gateway.testing.EventRecorder;
import io.departure.gateway.testing.EventRecorder.Received;
import io.departure.gateway.testing.InjectStubs;
import io.departure.gateway.testing.StubBackends;
import io.departure.gateway.testing.StubBackends.Reply;
import io.quarkus.test.common.http.TestHTTPResource;

/**
 * A stream is an execution: a client that drops and reconnects with {@code Last-Event-ID}, as
 * every EventSource does, gets the events it missed and the live ones, and no step runs twice.
 */
abstract class StreamResumeContract {

    static final String DATE = "2026-11-27";
    static final Duration WAIT = Duration.ofSeconds(8);

    @InjectStubs
    StubBackends stubs;

    @TestHTTPResource("/departure/stream")
    URI stream;

    @BeforeEach
    void reset() {
        stubs.reset();
    }

    private URI uri(String query) {
        return URI.create(stream + "?" + query);
    }

    private static List<String> names(List<Received> events) {
        return events.stream().map(Received::name).toList();
    }

    @Test
    void aClientThatReconnectsGetsTheRestOfTheSameExecution() {
        stubs.answer(FORECAST, Reply.ok().after(1200));
        URI departure = uri("flight=AR1973&date=" + DATE + "&from=EZE");
        String last;
        String execution;
        try (EventRecorder first = new EventRecorder(departure)) {
            List<Received> received = first.awaitEvent("flight", WAIT);
            assertThat(names(received)).containsExactly("execution", "flight");
            last = received.get(1).id();
            execution = first.headers().firstValue("Departure-Execution").orElseThrow();
            assertThat(last).isEqualTo(execution + ":1");
        }
        try (EventRecorder again = new EventRecorder(departure, last)) {
            List<Received> received = again.awaitEvent("departure", WAIT);
            assertThat(names(received)).containsExactly("forecast", "departure");
            assertThat(received).extracting(Received::id).containsExactly(execution + ":2", execution + ":3");
            assertThat(again.headers().firstValue("Departure-Execution")).hasValue(execution);
        }
        assertThat(stubs.received(FLIGHT)).as("the flight was called once").hasSize(1);
        assertThat(stubs.received(FORECAST)).as("the forecast was called once").hasSize(1);
        assertThat(stubs.hangUps(FORECAST)).isZero();
    }

    @Test
    void aResumedWatchKeepsItsOneSubscription() {
        stubs.updates(List.of(StubBackends.flightJson("AR1973", DATE, "EZE", "BOARDING"),
                StubBackends.flightJson("AR1973", DATE, "EZE", "DEPARTED")), 400, true);
        URI watch = uri("flight=AR1973&date=" + DATE + "&from=EZE&watch=true");
        String last;
        try (EventRecorder first = new EventRecorder(watch)) {
            last = first.awaitEvent("departure", WAIT).get(3).id();
        }
        try (EventRecorder again = new EventRecorder(watch, last)) {
            List<Received> received = again.awaitEvent("end", WAIT);
            assertThat(names(received)).containsSubsequence("flight", "end").doesNotContain("departure", "execution");
            assertThat(received.get(received.size() - 1).data()).contains("departed");
        }
        assertThat(stubs.received(SUBSCRIPTIONS)).extracting(StubBackends.Received::method).containsOnlyOnce("POST");
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(stubs.released()).containsOnly("sub-1"));
    }

    @Test
    void anExecutionNobodyComesBackForIsCancelledAfterTheResumeWindow() {
        stubs.answer(FORECAST, Reply.hang());
        try (EventRecorder first = new EventRecorder(uri("flight=AR1973&date=" + DATE + "&from=EZE"))) {
            first.awaitEvent("flight", WAIT);
        }
        // the resume window is 300 ms in tests: the forecast call is still open just after the drop
        assertThat(stubs.hangUps(FORECAST)).isZero();
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(stubs.hangUps(FORECAST)).isEqualTo(1));
    }

    @Test
    void anUnknownOrForeignLastEventIdStartsANewExecution() {
        URI departure = uri("flight=AR1973&date=" + DATE + "&from=EZE");
        try (EventRecorder stale = new EventRecorder(departure, "0123456789abcdef01234567:3")) {
            List<Received> received = stale.awaitEvent("departure", WAIT);
            assertThat(names(received)).containsExactly("execution", "flight", "forecast", "departure");
            assertThat(received.get(0).id()).doesNotStartWith("0123456789abcdef01234567");
        }
        try (EventRecorder garbage = new EventRecorder(departure, "not an id")) {
            assertThat(names(garbage.awaitEvent("departure", WAIT))).startsWith("execution");
        }
    }

    @Test
    void resumingAfterTheLastEventAnswers204SoTheEventSourceStops() {
        URI departure = uri("flight=AR1973&date=" + DATE + "&from=EZE");
        String last;
        try (EventRecorder first = new EventRecorder(departure)) {
            last = first.awaitEvent("departure", WAIT).get(3).id();
        }
        given().header("Last-Event-ID", last).get(departure).then().statusCode(204);
        // and one event earlier, only the last one is sent again
        String earlier = last.substring(0, last.lastIndexOf(':')) + ":2";
        try (EventRecorder again = new EventRecorder(departure, earlier)) {
            assertThat(names(again.awaitEvent("departure", WAIT))).containsExactly("departure");
        }
    }

    @Test
    void heartbeatsCarryNoId() {
        stubs.answer(FORECAST, Reply.ok().after(1000));
        try (io.departure.gateway.testing.RawStream raw = new io.departure.gateway.testing.RawStream(
                uri("flight=AR1973&date=" + DATE + "&from=EZE"))) {
            List<String> lines = raw.awaitLine("event:departure", WAIT);
            int keepAlive = lines.indexOf(":keep-alive");
            assertThat(keepAlive).isPositive();
            assertThat(lines.get(keepAlive - 1)).isEmpty();
            assertThat(lines.get(keepAlive + 1)).doesNotStartWith("id:");
        }
    }
}
