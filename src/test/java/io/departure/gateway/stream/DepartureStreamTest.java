package io.departure.gateway.stream;

import static io.departure.gateway.testing.StubBackends.FLIGHT;
import static io.departure.gateway.testing.StubBackends.FORECAST;
import static io.departure.gateway.testing.StubBackends.SUBSCRIPTIONS;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

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
import io.departure.gateway.testing.RawStream;
import io.departure.gateway.testing.StubBackends;
import io.departure.gateway.testing.StubBackends.Reply;
import io.departure.gateway.testing.StubBackendsResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

/**
 * The stream view against stub backends, read with a standard SSE client (and raw lines for
 * comments and the retry hint): event order and timing, its own deadlines, heartbeats,
 * cancellation on disconnect, and the watch, whose subscription is released however it ends.
 */
@QuarkusTest
@QuarkusTestResource(value = StubBackendsResource.class, restrictToAnnotatedClass = true)
class DepartureStreamTest {

    static final String DATE = "2026-11-27";
    static final Duration WAIT = Duration.ofSeconds(8);

    @InjectStubs
    StubBackends stubs;

    @Inject
    CircuitBreakerMaintenance breakers;

    @Inject
    ObjectMapper json;

    @TestHTTPResource("/departure/stream")
    URI stream;

    @BeforeEach
    void reset() {
        stubs.reset();
        breakers.resetAll();
    }

    private URI uri(String query) {
        return URI.create(stream + "?" + query);
    }

    private JsonNode data(Received event) throws Exception {
        return json.readTree(event.data());
    }

    private static List<String> names(List<Received> events) {
        return events.stream().map(Received::name).toList();
    }

    /** The events after the first, {@code execution}, which names the execution. */
    private static List<Received> afterExecution(List<Received> events) {
        assertThat(events.get(0).name()).isEqualTo("execution");
        return events.subList(1, events.size());
    }

    /** Released (a retried release may reach the stub twice; releasing is idempotent). */
    private void awaitReleased() {
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(stubs.released()).isNotEmpty().containsOnly("sub-1"));
    }

    private static String update(String status) {
        return StubBackends.flightJson("AR1973", DATE, "EZE", status);
    }

    @Test
    void eachStepIsSentTheMomentItFinishesThenTheDeparture() throws Exception {
        stubs.answer(FLIGHT, Reply.ok().after(100));
        stubs.answer(FORECAST, Reply.ok().after(1200));
        try (EventRecorder events = new EventRecorder(uri("flight=AR1973&date=" + DATE + "&from=EZE"))) {
            List<Received> received = afterExecution(events.awaitEvent("departure", WAIT));
            assertThat(names(received)).containsExactly("flight", "forecast", "departure");
            String execution = events.events().get(0).id().split(":")[0];
            assertThat(data(events.events().get(0)).get("id").asText()).isEqualTo(execution);
            assertThat(events.events().get(0).id()).isEqualTo(execution + ":0");
            assertThat(received).extracting(Received::id).containsExactly(execution + ":1", execution + ":2", execution + ":3");
            assertThat(events.msToReceive(received.get(0))).as("flight sent before the forecast is done").isLessThan(900);
            assertThat(events.msToReceive(received.get(1))).isGreaterThanOrEqualTo(1200);

            JsonNode flight = data(received.get(0));
            assertThat(flight.get("step").asText()).isEqualTo("flight");
            assertThat(flight.get("outcome").asText()).isEqualTo("ok");
            assertThat(flight.get("attempts").asInt()).isEqualTo(1);
            assertThat(flight.get("value").get("id").asText()).isEqualTo("AR1973");

            JsonNode departure = data(received.get(2));
            JsonNode sync = json.readTree(given().get("/departure?flight=AR1973&date=" + DATE + "&from=EZE").asString());
            assertThat(departure.get("flight")).isEqualTo(sync.get("flight"));
            assertThat(departure.get("forecast")).isEqualTo(sync.get("forecast"));
            assertThat(departure.get("complete").asBoolean()).isTrue();
            assertThat(departure.get("parts").get("forecast").get("outcome").asText()).isEqualTo("ok");
        }
    }

    @Test
    void streamOpensWithARetryHintAndKeepsIdleConnectionsAlive() {
        stubs.answer(FORECAST, Reply.ok().after(1500));
        try (RawStream raw = new RawStream(uri("flight=AR1973&date=" + DATE + "&from=EZE"))) {
            List<String> lines = raw.awaitLine("event:departure", WAIT);
            assertThat(lines).contains("retry:3000");
            assertThat(lines.indexOf("retry:3000")).isLessThan(lines.indexOf("event:flight"));
            List<String> betweenFlightAndForecast = lines.subList(lines.indexOf("event:flight"), lines.indexOf("event:forecast"));
            // heartbeat is 300 ms in tests: an idle 1.5 s gap holds several
            assertThat(betweenFlightAndForecast.stream().filter(l -> l.equals(":keep-alive")).count()).isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void aStepLongerThanTheSyncDeadlineCompletesOnTheStream() throws Exception {
        stubs.answer(FORECAST, Reply.ok().after(3000));
        try (EventRecorder events = new EventRecorder(uri("flight=AR1973&date=" + DATE + "&from=EZE"))) {
            List<Received> received = afterExecution(events.awaitEvent("departure", WAIT));
            assertThat(data(received.get(1)).get("outcome").asText()).isEqualTo("ok");
            assertThat(data(received.get(2)).get("complete").asBoolean()).isTrue();
        }
        given().get("/departure?flight=AR1973&date=" + DATE + "&from=ZZS").then().statusCode(200)
                .body("parts.forecast.outcome", equalTo("timeout"));
    }

    @Test
    void failedFlightSendsAnErrorProblemAndEndsTheStream() throws Exception {
        stubs.answer(FLIGHT, Reply.status(404));
        try (EventRecorder events = new EventRecorder(uri("flight=AR1973&date=" + DATE))) {
            List<Received> received = afterExecution(events.awaitEvent("error", WAIT));
            assertThat(names(received)).containsExactly("flight", "forecast", "error");
            JsonNode problem = data(received.get(2));
            assertThat(problem.get("status").asInt()).isEqualTo(404);
            assertThat(problem.get("detail").asText()).isEqualTo("flight AR1973 does not exist on " + DATE);
            assertThat(data(received.get(1)).get("outcome").asText()).isEqualTo("skipped");
            Thread.sleep(300);
            assertThat(names(events.events())).doesNotContain("departure");
        }
    }

    @Test
    void badParametersAreA400ProblemBeforeTheStreamStarts() {
        given().get("/departure/stream?flight=A&date=" + DATE + "&watch=maybe").then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", org.hamcrest.Matchers.hasItems("flight", "watch"));
    }

    @Test
    void clientGoingAwayCancelsTheBackendCallsInFlight() {
        stubs.answer(FORECAST, Reply.hang());
        try (RawStream raw = new RawStream(uri("flight=AR1973&date=" + DATE + "&from=EZE"))) {
            raw.awaitLine("event:flight", WAIT);
            assertThat(stubs.hangUps(FORECAST)).isZero();
        }
        await().atMost(Duration.ofSeconds(1)).untilAsserted(() -> assertThat(stubs.hangUps(FORECAST)).isEqualTo(1));
    }

    // --- watch -----------------------------------------------------------------------------

    @Test
    void watchRelaysChangesUntilDepartureThenReleasesTheSubscription() throws Exception {
        stubs.updates(List.of(update("ON_TIME"), update("BOARDING"), update("DEPARTED")), 300, true);
        try (EventRecorder events = new EventRecorder(uri("flight=AR1973&date=" + DATE + "&from=EZE&watch=true"))) {
            events.awaitEvent("departure", WAIT);
            // a new forecast appears while watching (refreshes every 200 ms in tests)
            stubs.answer(FORECAST, Reply.json(200, StubBackends.forecastJson("EZE", DATE).replace("cloudy", "rain")));
            List<Received> received = afterExecution(events.awaitEvent("end", WAIT));
            List<String> flightStatuses = received.stream().skip(3).filter(e -> e.name().equals("flight"))
                    .map(e -> {
                        try {
                            return data(e).get("value").get("status").asText();
                        } catch (Exception x) {
                            throw new IllegalStateException(x);
                        }
                    }).toList();
            assertThat(flightStatuses).as("the unchanged first update is not repeated").containsExactly("BOARDING", "DEPARTED");
            assertThat(received.stream().skip(3).filter(e -> e.name().equals("forecast")).findFirst())
                    .hasValueSatisfying(e -> assertThat(e.data()).contains("\"summary\":\"rain\""));
            assertThat(data(received.get(received.size() - 1)).get("reason").asText()).isEqualTo("departed");
            assertThat(received).extracting(Received::id).doesNotHaveDuplicates();
        }
        awaitReleased();
    }

    @Test
    void watchIsReleasedWhenTheClientGoesAway() {
        stubs.updates(List.of(update("BOARDING")), 100, false);
        try (RawStream raw = new RawStream(uri("flight=AR1973&date=" + DATE + "&from=EZE&watch=true"))) {
            raw.awaitLine("event:departure", WAIT);
            await().atMost(WAIT).until(() -> raw.lines().stream().filter(l -> l.equals("event:flight")).count() == 2);
        }
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
            assertThat(stubs.released()).isNotEmpty().containsOnly("sub-1");
            assertThat(stubs.hangUps(SUBSCRIPTIONS)).as("the update stream is closed too").isEqualTo(1);
        });
    }

    @Test
    void watchEndsAtItsMaximumDurationAndIsReleased() throws Exception {
        stubs.updates(List.of(update("BOARDING")), 100, false);
        try (EventRecorder events = new EventRecorder(uri("flight=AR1973&date=" + DATE + "&from=EZE&watch=true"))) {
            List<Received> received = afterExecution(events.awaitEvent("end", WAIT));
            assertThat(data(received.get(received.size() - 1)).get("reason").asText()).isEqualTo("max-duration");
        }
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(stubs.released()).isNotEmpty().containsOnly("sub-1"));
    }

    @Test
    void watchThatCannotSubscribeEndsWithAnErrorAndLeavesNothingToRelease() throws Exception {
        stubs.answerSubscriptions(Reply.status(500));
        try (EventRecorder events = new EventRecorder(uri("flight=AR1973&date=" + DATE + "&from=EZE&watch=true"))) {
            List<Received> received = afterExecution(events.awaitEvent("end", WAIT));
            assertThat(data(received.get(received.size() - 1)).get("reason").asText()).isEqualTo("error");
        }
        assertThat(stubs.received(SUBSCRIPTIONS)).extracting(StubBackends.Received::method).containsOnly("POST");
    }

    @Test
    void watchOfAFlightAlreadyGoneEndsAtOnce() throws Exception {
        stubs.answer(FLIGHT, Reply.json(200, update("DEPARTED")));
        stubs.answer(FORECAST, Reply.ok().after(150)); // so that the flight is reported first
        try (EventRecorder events = new EventRecorder(uri("flight=AR1973&date=" + DATE + "&from=EZE&watch=true"))) {
            List<Received> received = afterExecution(events.awaitEvent("end", WAIT));
            assertThat(names(received)).containsExactly("flight", "forecast", "departure", "end");
            assertThat(data(received.get(3)).get("reason").asText()).isEqualTo("departed");
        }
        assertThat(stubs.received(SUBSCRIPTIONS)).isEmpty();
    }
}
