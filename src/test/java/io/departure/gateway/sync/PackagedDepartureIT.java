package io.departure.gateway.sync;

import static io.departure.gateway.testing.StubBackends.FLIGHT;
import static io.departure.gateway.testing.StubBackends.FORECAST;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.departure.gateway.testing.Concurrently;
import io.departure.gateway.testing.EventRecorder;
import io.departure.gateway.testing.InjectStubs;
import io.departure.gateway.testing.StubBackends;
import io.departure.gateway.testing.StubBackends.Reply;
import io.departure.gateway.testing.StubBackendsResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The packaged artifact (the jar, or the native binary with {@code -Dnative}) as a black box,
 * with its production configuration, pointed at stub backends.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = StubBackendsResource.class, restrictToAnnotatedClass = true)
class PackagedDepartureIT {

    static final String DATE = "2026-11-27";

    @InjectStubs
    StubBackends stubs;

    @TestHTTPResource("/departure")
    URI departure;

    @BeforeEach
    void reset() {
        stubs.reset();
    }

    @Test
    void completeDeparture() {
        given().get("/departure?flight=ar1973&date=" + DATE + "&from=eze").then()
                .statusCode(200)
                .header("X-Departure-Complete", "true")
                .body("flight.id", equalTo("AR1973"))
                .body("flight.scheduledDeparture", equalTo(DATE + "T21:00:00-03:00"))
                .body("forecast.airport", equalTo("EZE"))
                .body("parts.flight.outcome", equalTo("ok"));
    }

    @Test
    void threeHundredConcurrentDeparturesOnHalfSecondBackends() {
        stubs.answer(FLIGHT, Reply.ok().after(300));
        stubs.answer(FORECAST, Reply.ok().after(500));
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int i = 0; i < 3; i++) {
            fire(client, 300); // warm-up: connections and JIT
        }
        long start = System.nanoTime();
        List<HttpResponse<String>> responses = fire(client, 300);
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(responses).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));
        assertThat(responses).allSatisfy(r -> assertThat(r.body()).contains("\"complete\":true"));
        System.out.printf("300 concurrent departures on 300 ms / 500 ms backends: %d ms%n", elapsedMs);
        // Serially this is 150 s; the bound proves concurrency without tripping on CPU noise of 2 cores.
        assertThat(elapsedMs).as("concurrently, not 300 x 500 ms").isLessThan(5_000);
    }

    private List<HttpResponse<String>> fire(HttpClient client, int count) {
        return Concurrently.get(client, count, i -> URI.create(departure + "?flight=AR" + (1000 + i) + "&date=" + DATE + "&from=EZE"));
    }

    @Test
    void partialDepartureWhenTheForecastFails() {
        stubs.answer(FORECAST, Reply.status(500));
        given().get("/departure?flight=AR1973&date=" + DATE + "&from=ZZZ").then()
                .statusCode(200)
                .header("X-Departure-Complete", "false")
                .body("parts.forecast.outcome", equalTo("failed"));
    }

    @Test
    void problemResponses() {
        given().get("/departure?flight=A&date=2026-02-30").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItems("flight", "date"));
        stubs.answer(FLIGHT, Reply.status(404));
        given().get("/departure?flight=AR1973&date=" + DATE).then().statusCode(404)
                .contentType("application/problem+json")
                .body("parts.forecast.outcome", equalTo("skipped"));
        stubs.answer(FLIGHT, Reply.json(200, "not json"));
        given().get("/departure?flight=AR1973&date=" + DATE).then().statusCode(502)
                .contentType("application/problem+json");
    }

    @Test
    void streamAndWatchEndToEndLeaveNoSubscription() {
        stubs.updates(List.of(StubBackends.flightJson("AR1973", DATE, "EZE", "BOARDING"),
                StubBackends.flightJson("AR1973", DATE, "EZE", "DEPARTED")), 100, true);
        stubs.answer(FORECAST, Reply.ok().after(150)); // so that the flight is reported first
        try (EventRecorder events = new EventRecorder(URI.create(departure + "/stream?flight=AR1973&date=" + DATE
                + "&from=EZE&watch=true"))) {
            List<EventRecorder.Received> received = events.awaitEvent("end", Duration.ofSeconds(10));
            assertThat(received).extracting(EventRecorder.Received::name)
                    .containsExactly("execution", "flight", "forecast", "departure", "flight", "flight", "end");
            assertThat(received.get(6).data()).contains("\"reason\":\"departed\"");
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(3))
                .untilAsserted(() -> assertThat(stubs.released()).isNotEmpty().containsOnly("sub-1"));
    }

    @Test
    void healthAndMetricsAreOnTheManagementPortOnly() {
        // The packaged gateway's management interface, on its default port.
        int management = 9000;
        given().port(management).get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().port(management).get("/q/metrics").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(404);
        given().get("/q/metrics").then().statusCode(404);
        given().port(management).get("/q/openapi").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(404);
        given().get("/sim/chaos/flight").then().statusCode(404);
    }
}
