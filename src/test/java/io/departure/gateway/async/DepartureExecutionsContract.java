package io.departure.gateway.async;

import static io.departure.gateway.testing.StubBackends.FLIGHT;
import static io.departure.gateway.testing.StubBackends.FORECAST;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.departure.gateway.testing.EventRecorder;
import io.departure.gateway.testing.EventRecorder.Received;
import io.departure.gateway.testing.StubBackends;
import io.departure.gateway.testing.StubBackends.Reply;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/** The async view: start, poll, follow, cancel; idempotency; every status and problem. */
abstract class DepartureExecutionsContract extends AsyncViewTest {

    static final String DATE = "2026-11-27";
    static final String BODY = "{\"flight\":\"ar1973\",\"date\":\"" + DATE + "\",\"from\":\"eze\"}";

    private static Response start(String body) {
        return given().contentType(ContentType.JSON).body(body).post("/departures");
    }

    @Test
    void startThenPollToTheDepartureWithItsHistory() {
        stubs.answer(FORECAST, Reply.ok().after(300));
        Response started = start(BODY);
        started.then().statusCode(202)
                .header("Location", org.hamcrest.Matchers.containsString("/departures/"))
                .body("status", equalTo("RUNNING"))
                .body("query.flight", equalTo("AR1973"))
                .body("query.from", equalTo("EZE"))
                .body("startedAt", notNullValue());
        String id = started.jsonPath().getString("id");
        assertThat(started.header("Location")).endsWith("/departures/" + id);

        JsonPath done = awaitEnd(id);
        assertThat(done.getString("status")).isEqualTo("SUCCEEDED");
        assertThat(done.getString("endedAt")).isNotNull();
        assertThat(done.getString("result.flight.id")).isEqualTo("AR1973");
        assertThat(done.getBoolean("result.complete")).isTrue();
        assertThat(done.getList("history.event")).containsExactly("execution", "flight", "forecast", "departure");
        assertThat(done.getList("history.id")).containsExactly(id + ":0", id + ":1", id + ":2", id + ":3");
        assertThat(done.getList("history.at")).allSatisfy(at -> assertThat(at).isNotNull());
        assertThat(done.getString("history[1].data.outcome")).isEqualTo("ok");
    }

    @Test
    void aFailedOptionalForecastIsPartial() {
        stubs.answer(FORECAST, Reply.status(404));
        JsonPath done = awaitEnd(start(BODY).jsonPath().getString("id"));
        assertThat(done.getString("status")).isEqualTo("PARTIAL");
        assertThat(done.getBoolean("result.complete")).isFalse();
        assertThat(done.getString("result.parts.forecast.outcome")).isEqualTo("failed");
    }

    @Test
    void aFailedFlightIsFailedWithItsProblem() {
        stubs.answer(FLIGHT, Reply.status(404));
        JsonPath done = awaitEnd(start(BODY).jsonPath().getString("id"));
        assertThat(done.getString("status")).isEqualTo("FAILED");
        assertThat(done.getInt("result.status")).isEqualTo(404);
        assertThat(done.getList("history.event")).last().isEqualTo("error");
    }

    @Test
    void unknownExecutionsAre404Problems() {
        given().get("/departures/nosuchexecution").then().statusCode(404).contentType("application/problem+json")
                .body("status", equalTo(404));
        given().get("/departures/nosuchexecution/events").then().statusCode(404).contentType("application/problem+json");
        given().delete("/departures/nosuchexecution").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void aBadBodyIsA400ListingEveryBadField() {
        start("{\"flight\":\"A\",\"date\":\"2026-02-30\",\"from\":7,\"watch\":\"yes\"}").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItems("flight", "date", "from", "watch"));
        start("{\"date\":\"" + DATE + "\"}").then().statusCode(400).body("errors.field", hasItems("flight"));
        start("[1,2]").then().statusCode(400).contentType("application/problem+json");
        start("{not json").then().statusCode(400).contentType("application/problem+json");
        assertThat(stubs.received(FLIGHT)).as("no backend called for a bad request").isEmpty();
    }

    @Test
    void aRepeatedStartWithTheSameKeyAnswersTheSameExecution() {
        String key = "key-" + System.nanoTime();
        String first = given().header("Idempotency-Key", key).contentType(ContentType.JSON).body(BODY).post("/departures")
                .then().statusCode(202).extract().jsonPath().getString("id");
        String second = given().header("Idempotency-Key", key).contentType(ContentType.JSON).body(BODY).post("/departures")
                .then().statusCode(202).extract().jsonPath().getString("id");
        assertThat(second).isEqualTo(first);
        given().header("Idempotency-Key", key).contentType(ContentType.JSON)
                .body("{\"flight\":\"AR1974\",\"date\":\"" + DATE + "\"}").post("/departures")
                .then().statusCode(409).contentType("application/problem+json");
        awaitEnd(first);
        assertThat(stubs.received(FLIGHT)).as("one execution, one flight call").hasSize(1);
    }

    @Test
    void deleteCancelsARunningExecutionAndTheBackendSeesTheHangUp() {
        stubs.answer(FORECAST, Reply.hang());
        String id = start(BODY).jsonPath().getString("id");
        await().atMost(Duration.ofSeconds(5)).until(() -> stubs.received(FORECAST).size() == 1);
        given().delete("/departures/" + id).then().statusCode(202).body("status", equalTo("CANCELLED"));
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(stubs.hangUps(FORECAST)).isEqualTo(1));
        given().get("/departures/" + id).then().statusCode(200).body("status", equalTo("CANCELLED"))
                .body("result.status", equalTo(410));
        given().delete("/departures/" + id).then().statusCode(204);
    }

    @Test
    void aWatchExecutionIsFollowedToItsEndAndReleasesItsSubscription() {
        stubs.updates(List.of(StubBackends.flightJson("AR1973", DATE, "EZE", "BOARDING"),
                StubBackends.flightJson("AR1973", DATE, "EZE", "DEPARTED")), 200, true);
        String id = start("{\"flight\":\"AR1973\",\"date\":\"" + DATE + "\",\"from\":\"EZE\",\"watch\":true}")
                .then().statusCode(202).extract().jsonPath().getString("id");
        try (EventRecorder events = new EventRecorder(URI.create(departures + "/" + id + "/events"))) {
            List<Received> received = events.awaitEvent("end", Duration.ofSeconds(8));
            assertThat(received).extracting(Received::name).startsWith("execution", "flight", "forecast", "departure").endsWith("end");
            assertThat(received.get(received.size() - 1).data()).contains("departed");
            assertThat(received.get(1).id()).isEqualTo(id + ":1");
        }
        assertThat(awaitEnd(id).getString("status")).isEqualTo("SUCCEEDED");
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(stubs.released()).containsOnly("sub-1"));
    }

    @Test
    void eventsAfterLastEventIdAreOnlyTheOnesAfterIt() {
        String id = start(BODY).jsonPath().getString("id");
        awaitEnd(id);
        try (EventRecorder events = new EventRecorder(URI.create(departures + "/" + id + "/events"), id + ":1")) {
            List<Received> received = events.awaitEvent("departure", Duration.ofSeconds(5));
            assertThat(received).extracting(Received::name).containsExactly("forecast", "departure");
        }
    }

    @Test
    void theSyncViewNamesItsExecutionWhichExplainsTheDeparture() {
        stubs.answer(FORECAST, Reply.ok().after(300));
        Response answer = given().get("/departure?flight=AR1973&date=" + DATE + "&from=EZE");
        answer.then().statusCode(200);
        String id = answer.header("Departure-Execution");
        assertThat(id).isNotBlank();
        given().get("/departures/" + id).then().statusCode(200)
                .body("status", equalTo("SUCCEEDED"))
                .body("result.flight.id", equalTo("AR1973"))
                .body("history.event", hasItems("flight", "forecast", "departure"));
        List<String> at = given().get("/departures/" + id).jsonPath().getList("history.at");
        assertThat(java.time.Duration.between(java.time.Instant.parse(at.get(1)), java.time.Instant.parse(at.get(2))).toMillis())
                .as("each event when it happened: the flight at once, the forecast 300 ms later").isGreaterThanOrEqualTo(250);
        stubs.answer(FLIGHT, Reply.status(404));
        Response failed = given().get("/departure?flight=AR1973&date=" + DATE + "&from=EZE");
        failed.then().statusCode(404);
        given().get("/departures/" + failed.header("Departure-Execution")).then().statusCode(200).body("status", equalTo("FAILED"));
    }
}
