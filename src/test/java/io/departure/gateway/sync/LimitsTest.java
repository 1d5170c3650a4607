package io.departure.gateway.sync;

import static io.departure.gateway.testing.StubBackends.FLIGHT;
import static io.departure.gateway.testing.StubBackends.FORECAST;
import static org.assertj.core.api.Assertions.assertThat;
import static io.restassured.RestAssured.given;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.departure.gateway.testing.Concurrently;
import io.departure.gateway.testing.InjectStubs;
import io.departure.gateway.testing.StubBackends;
import io.departure.gateway.testing.StubBackends.Reply;
import io.departure.gateway.testing.StubBackendsResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** Concurrency limits that reject rather than queue, and the gateway with its simulator switched off. */
@QuarkusTest
@TestProfile(LimitsTest.SmallLimits.class)
@QuarkusTestResource(value = StubBackendsResource.class, restrictToAnnotatedClass = true)
class LimitsTest {

    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "departure.flight.bulkhead.max-concurrent", "1",
                    "departure.flight.bulkhead.queue", "1",
                    "departure.forecast.bulkhead.max-concurrent", "1",
                    "departure.forecast.bulkhead.queue", "1",
                    // Identical calls would share one and never fill the limit.
                    "departure.flight.coalesce", "false",
                    "departure.forecast.coalesce", "false",
                    "simulator.enabled", "false");
        }
    }

    @InjectStubs
    StubBackends stubs;

    @TestHTTPResource("/departure")
    URI departure;

    @BeforeEach
    void reset() {
        stubs.reset();
        // Warm up one request at a time, so that cold first calls do not overlap in the tests.
        for (int i = 0; i < 5; i++) {
            given().get("/departure?flight=AR1973&date=2026-11-27&from=EZE").then().statusCode(200);
        }
        stubs.reset();
    }

    private List<HttpResponse<String>> concurrently(int count, String from) {
        return Concurrently.get(HttpClient.newHttpClient(), count,
                i -> URI.create(departure + "?flight=AR1973&date=2026-11-27&from=" + from));
    }

    @Test
    void fullFlightLimitIs503WithRetryAfter() {
        stubs.answer(FLIGHT, Reply.ok().after(600));
        List<HttpResponse<String>> responses = concurrently(4, "EZE");
        List<HttpResponse<String>> rejected = responses.stream().filter(r -> r.statusCode() == 503).toList();
        assertThat(rejected).isNotEmpty();
        assertThat(rejected).allSatisfy(r -> {
            assertThat(r.headers().firstValue("Retry-After")).contains("1");
            assertThat(r.body()).contains("\"outcome\":\"rejected\"");
        });
        assertThat(responses).anySatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));
        assertThat(stubs.received(FLIGHT).size()).isLessThan(4);
    }

    @Test
    void fullForecastLimitGivesAPartialDeparture() {
        stubs.answer(FORECAST, Reply.ok().after(600));
        HttpClient client = HttpClient.newHttpClient();
        List<CompletableFuture<HttpResponse<String>>> calls = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            calls.add(client.sendAsync(HttpRequest.newBuilder(URI.create(departure + "?flight=AR1973&date=2026-11-27&from=ZZ"
                    + (char) ('A' + i))).build(), HttpResponse.BodyHandlers.ofString()));
            sleep(100); // one flight at a time gets through its own limit of one
        }
        List<HttpResponse<String>> responses = calls.stream().map(CompletableFuture::join).toList();
        assertThat(responses).allSatisfy(r -> assertThat(r.statusCode()).as(r.body()).isEqualTo(200));
        assertThat(responses).anySatisfy(r -> assertThat(r.body()).contains("\"forecast\":{\"outcome\":\"rejected\""));
    }

    @Test
    void simulatorIsOffWhenDisabled() {
        given().get("/sim/flights/AR1973?date=2026-11-27").then().statusCode(404);
        given().get("/sim/chaos/flight").then().statusCode(404);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
