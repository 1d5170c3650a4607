package io.departure.gateway.async;

import static io.departure.gateway.testing.StubBackends.FLIGHT;
import static io.departure.gateway.testing.StubBackends.FORECAST;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.notNullValue;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.departure.gateway.testing.EventRecorder;
import io.departure.gateway.testing.EventRecorder.Received;
import io.departure.gateway.testing.StubBackends.Reply;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

/**
 * Redrive: an execution that ended PARTIAL or FAILED runs again under its id, calling only the
 * steps that were not ok, its followers seeing it go on; anything else is a 409 or 404 problem.
 */
abstract class RedriveContract extends AsyncViewTest {

    static final String DATE = "2026-11-28";

    /** Each test its own airport: no forecast another test had is a fallback here. */
    static String start(String from) {
        return given().contentType(ContentType.JSON).body("{\"flight\":\"AR1973\",\"date\":\"" + DATE + "\",\"from\":\"" + from + "\"}")
                .post("/departures").then().statusCode(202).extract().jsonPath().getString("id");
    }

    static Response redrive(String id) {
        return given().post("/departures/" + id + "/redrive");
    }

    @Test
    void aPartialExecutionRedrivenCallsOnlyTheForecastAgainAndSucceedsUnderTheSameId() {
        stubs.answer(FORECAST, Reply.status(404), Reply.ok());
        String id = start("GRU");
        assertThat(awaitEnd(id).getString("status")).isEqualTo("PARTIAL");

        redrive(id).then().statusCode(202)
                .header("Location", endsWith("/departures/" + id))
                .body("id", equalTo(id))
                .body("status", equalTo("RUNNING"))
                .body("redriveCount", equalTo(1))
                .body("redrivenAt", notNullValue());

        JsonPath done = awaitEnd(id);
        assertThat(done.getString("status")).isEqualTo("SUCCEEDED");
        assertThat(done.getBoolean("result.complete")).isTrue();
        assertThat(done.getString("result.forecast.airport")).isEqualTo("GRU");
        assertThat(done.getInt("redriveCount")).isEqualTo(1);
        assertThat(done.getList("history.event"))
                .as("every run kept").containsExactly("execution", "flight", "forecast", "departure", "redrive", "forecast", "departure");
        assertThat(done.getInt("history[4].data.number")).isEqualTo(1);
        assertThat(done.getString("history[4].data.previousStatus")).isEqualTo("PARTIAL");
        assertThat(done.getString("history[5].data.outcome")).isEqualTo("ok");
        assertThat(stubs.received(FLIGHT)).as("the flight, ok the first time, is not called again").hasSize(1);
        assertThat(stubs.received(FORECAST)).hasSize(2);
    }

    @Test
    void aFailedExecutionRedrivenRunsAgainWhatWasNotOk() {
        stubs.answer(FLIGHT, Reply.status(404), Reply.ok());
        String id = start("SCL");
        JsonPath failed = awaitEnd(id);
        assertThat(failed.getString("status")).isEqualTo("FAILED");

        redrive(id).then().statusCode(202).body("redriveCount", equalTo(1));

        JsonPath done = awaitEnd(id);
        assertThat(done.getString("status")).isEqualTo("SUCCEEDED");
        assertThat(done.getString("result.flight.id")).isEqualTo("AR1973");
        assertThat(done.getString("history[" + (failed.getList("history").size()) + "].data.previousStatus")).isEqualTo("FAILED");
        assertThat(stubs.received(FLIGHT)).hasSize(2);
    }

    @Test
    void onlyAnExecutionThatEndedPartialOrFailedCanBeRedriven() {
        stubs.answer(FORECAST, Reply.hang());
        String running = start("LIM");
        await().atMost(Duration.ofSeconds(5)).until(() -> stubs.received(FORECAST).size() == 1);
        redrive(running).then().statusCode(409).contentType("application/problem+json")
                .body("type", endsWith(":not-redrivable")).body("detail", org.hamcrest.Matchers.containsString("RUNNING"));
        given().delete("/departures/" + running).then().statusCode(202);
        redrive(running).then().statusCode(409).body("detail", org.hamcrest.Matchers.containsString("CANCELLED"));

        stubs.reset();
        String succeeded = start("BOG");
        assertThat(awaitEnd(succeeded).getString("status")).isEqualTo("SUCCEEDED");
        redrive(succeeded).then().statusCode(409).contentType("application/problem+json").body("status", equalTo(409));
        assertThat(given().get("/departures/" + succeeded).jsonPath().getInt("redriveCount")).isZero();

        redrive("nosuchexecution").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void aRepeatedRedriveWithTheSameKeyAnswersTheSameRedrive() {
        stubs.answer(FORECAST, Reply.status(404), Reply.ok().after(300));
        String id = start("MVD");
        awaitEnd(id);
        String key = "redrive-" + System.nanoTime();
        given().header("Idempotency-Key", key).post("/departures/" + id + "/redrive").then().statusCode(202)
                .body("redriveCount", equalTo(1));
        given().header("Idempotency-Key", key).post("/departures/" + id + "/redrive").then().statusCode(202)
                .body("id", equalTo(id)).body("redriveCount", equalTo(1));
        assertThat(awaitEnd(id).getString("status")).isEqualTo("SUCCEEDED");
        given().header("Idempotency-Key", key).post("/departures/" + id + "/redrive").then().statusCode(202)
                .body("status", equalTo("SUCCEEDED")).body("redriveCount", equalTo(1));
        assertThat(stubs.received(FORECAST)).as("one redrive, one more forecast call").hasSize(2);

        stubs.answer(FORECAST, Reply.status(404));
        String other = start("ASU");
        awaitEnd(other);
        given().header("Idempotency-Key", key).post("/departures/" + other + "/redrive").then().statusCode(409)
                .contentType("application/problem+json");
    }

    @Test
    void followersSeeTheRedriveThenTheExecutionGoOn() {
        stubs.answer(FORECAST, Reply.status(404), Reply.ok().after(500));
        String id = start("CCS");
        List<Object> before = awaitEnd(id).getList("history");
        String last = id + ":" + (before.size() - 1);

        redrive(id).then().statusCode(202);
        try (EventRecorder events = new EventRecorder(URI.create(departures + "/" + id + "/events"), last)) {
            List<Received> received = events.awaitEvent("departure", Duration.ofSeconds(8));
            assertThat(received).extracting(Received::name).containsExactly("redrive", "forecast", "departure");
            assertThat(received).extracting(Received::id).containsExactly(id + ":4", id + ":5", id + ":6");
            assertThat(received.get(0).data()).contains("\"number\":1");
            await().atMost(Duration.ofSeconds(2)).until(events::ended);
        }
    }
}
