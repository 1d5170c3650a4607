package io.departure.gateway.backend;

import static io.departure.gateway.testing.StubBackends.FLIGHT;
import static io.departure.gateway.testing.StubBackends.FORECAST;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.departure.gateway.testing.Concurrently;
import io.departure.gateway.testing.InjectStubs;
import io.departure.gateway.testing.RawStream;
import io.departure.gateway.testing.StubBackends;
import io.departure.gateway.testing.StubBackends.Reply;
import io.departure.gateway.testing.StubBackendsResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * Identical backend calls in flight at the same time share one ({@code departure.<backend>.coalesce},
 * on by default): one call reaches the backend however many departures ask, each caller keeps its
 * own deadline, and the shared call is cancelled only when every caller has gone.
 */
@QuarkusTest
@QuarkusTestResource(value = StubBackendsResource.class, restrictToAnnotatedClass = true)
class CoalescingTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @InjectStubs
    StubBackends stubs;

    @TestHTTPResource("/")
    URI base;

    @BeforeEach
    void reset() {
        stubs.reset();
    }

    @Test
    void identicalDeparturesAtTheSameTimeMakeOneCallToEachBackend() throws Exception {
        stubs.answer(FLIGHT, Reply.ok().after(400));
        stubs.answer(FORECAST, Reply.ok().after(400));
        List<HttpResponse<String>> answers = Concurrently.get(HttpClient.newHttpClient(), 100,
                i -> base.resolve("/departure?flight=AR1973&date=2026-11-27&from=EZE"));

        assertThat(answers).extracting(HttpResponse::statusCode).containsOnly(200);
        assertThat(stubs.received(FLIGHT)).as("flight calls for 100 identical departures").hasSize(1);
        assertThat(stubs.received(FORECAST)).as("forecast calls for 100 identical departures").hasSize(1);
        int flightsShared = 0;
        int forecastsShared = 0;
        for (HttpResponse<String> answer : answers) {
            JsonNode parts = JSON.readTree(answer.body()).get("parts");
            assertThat(parts.get("flight").get("attempts").asInt()).isEqualTo(1);
            flightsShared += parts.get("flight").path("shared").asBoolean() ? 1 : 0;
            forecastsShared += parts.get("forecast").path("shared").asBoolean() ? 1 : 0;
        }
        // Every part but the one whose call the others shared says so.
        assertThat(flightsShared).as("flight parts that shared a call").isEqualTo(99);
        assertThat(forecastsShared).as("forecast parts that shared a call").isEqualTo(99);

        // Nothing is kept once the call is over: the next departure calls again.
        given().get("/departure?flight=AR1973&date=2026-11-27&from=EZE").then().statusCode(200);
        assertThat(stubs.received(FLIGHT)).hasSize(2);
        assertThat(stubs.received(FORECAST)).hasSize(2);
    }

    @Test
    void eachCallerKeepsItsOwnDeadline() {
        // The stream view gives the forecast 10 s an attempt here; the sync view 1 s, retried (each retry joins the
        // shared call again) until its 2.5 s deadline.
        stubs.answer(FORECAST, Reply.ok().after(3_000));
        try (RawStream stream = new RawStream(base.resolve("/departure/stream?flight=AR1973&date=2026-11-28&from=EZE"))) {
            await().atMost(Duration.ofSeconds(5)).until(() -> stubs.received(FORECAST).size() == 1);
            Response sync = given().get("/departure?flight=AR1973&date=2026-11-28&from=EZE");
            sync.then().statusCode(200);
            assertThat(sync.jsonPath().getString("parts.forecast.outcome")).as("the sync view's own timeout").isEqualTo("timeout");
            assertThat(sync.jsonPath().getBoolean("parts.forecast.shared")).isTrue();

            List<String> lines = stream.awaitLine("event:departure", Duration.ofSeconds(6));
            assertThat(lines.stream().filter(line -> line.startsWith("data:") && line.contains("\"step\":\"forecast\"")).findFirst())
                    .hasValueSatisfying(line -> assertThat(line).contains("\"outcome\":\"ok\""));
            assertThat(stubs.received(FORECAST)).as("the one call both shared").hasSize(1);
            assertThat(stubs.hangUps(FORECAST)).as("the sync view's leaving did not cancel it").isZero();
        }
    }

    @Test
    void theSharedCallIsCancelledOnlyWhenEveryCallerHasGone() throws Exception {
        stubs.answer(FORECAST, Reply.hang());
        URI uri = base.resolve("/departure/stream?flight=AR1973&date=2026-11-29&from=EZE");
        RawStream first = new RawStream(uri);
        RawStream second = new RawStream(uri);
        first.awaitLine("event:flight", Duration.ofSeconds(5));
        second.awaitLine("event:flight", Duration.ofSeconds(5));
        assertThat(stubs.received(FORECAST)).hasSize(1);

        first.close();
        // Past the resume window (300 ms here) the first stream's execution is cancelled; the call stays for the second.
        Thread.sleep(1_000);
        assertThat(stubs.hangUps(FORECAST)).as("hang-ups while one caller is left").isZero();

        second.close();
        await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> assertThat(stubs.hangUps(FORECAST)).isEqualTo(1));
    }

    @Test
    void aFailureGoesToTheCallersWaitingForItAndNoFurther() {
        // The shared call fails; both callers that waited for it retry; a later one calls afresh.
        stubs.answer(FORECAST, Reply.status(500).after(600), Reply.ok());
        CompletableFuture<Response> first = CompletableFuture.supplyAsync(() -> given().get("/departure?flight=AR1973&date=2026-11-30&from=EZE"));
        await().atMost(Duration.ofSeconds(2)).until(() -> stubs.received(FORECAST).size() == 1);
        Response second = given().get("/departure?flight=AR1973&date=2026-11-30&from=EZE");
        for (Response answer : List.of(first.join(), second)) {
            answer.then().statusCode(200);
            assertThat(answer.jsonPath().getString("parts.forecast.outcome")).isEqualTo("ok");
            assertThat(answer.jsonPath().getInt("parts.forecast.attempts")).as("the failed shared attempt and a retry").isEqualTo(2);
        }
        int calls = stubs.received(FORECAST).size();
        Response later = given().get("/departure?flight=AR1973&date=2026-11-30&from=EZE");
        assertThat(later.jsonPath().getInt("parts.forecast.attempts")).isEqualTo(1);
        assertThat(stubs.received(FORECAST)).hasSize(calls + 1);
    }
}
