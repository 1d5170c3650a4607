package io.departure.gateway.limits;

import static io.departure.gateway.testing.StubBackends.FLIGHT;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.departure.gateway.testing.InjectStubs;
import io.departure.gateway.testing.RawStream;
import io.departure.gateway.testing.StubBackends;
import io.departure.gateway.testing.StubBackendsResource;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Per-client limits behind a proxy that forwards the client's address: a client over its rate
 * or its open streams gets {@code 429} problems with {@code Retry-After}, and nothing of what it
 * asked starts, while other clients are served; the per-client state stays bounded however many
 * addresses come.
 */
@QuarkusTest
@QuarkusTestResource(value = StubBackendsResource.class, restrictToAnnotatedClass = true)
@TestProfile(ClientLimitsTest.Limited.class)
class ClientLimitsTest {

    static final String QUERY = "flight=AR1973&date=2026-11-27&from=EZE";
    static final Duration WAIT = Duration.ofSeconds(10);

    public static class Limited implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("departure.limits.rate", "20", "departure.limits.burst", "10", "departure.limits.streams", "2", "departure.limits.clients", "100",
                    "quarkus.http.proxy.proxy-address-forwarding", "true", "quarkus.http.proxy.allow-x-forwarded", "true",
                    "simulator.enabled", "false");
        }
    }

    @InjectStubs
    StubBackends stubs;

    @Inject
    MeterRegistry registry;

    /** What the limits hold, as their metric says: clients tracked for {@code limit}. */
    private double clients(String limit) {
        return registry.get("departure_limits_clients").tag("limit", limit).gauge().value();
    }

    @TestHTTPResource("/departure/stream")
    URI stream;

    @BeforeEach
    void reset() {
        stubs.reset();
    }

    private static Response departure(String client) {
        return given().header("X-Forwarded-For", client).accept(ContentType.JSON).get("/departure?" + QUERY);
    }

    @Test
    void aClientOverItsRateGets429sWhileAnotherIsServed() {
        List<Integer> statuses = new ArrayList<>();
        Response refused = null;
        int callsBefore = 0;
        for (int i = 0; i < 40 && refused == null; i++) {
            callsBefore = stubs.received(FLIGHT).size();
            Response answer = departure("10.0.0.1");
            statuses.add(answer.statusCode());
            if (answer.statusCode() == 429) {
                refused = answer;
            }
        }
        assertThat(refused).as("the answers of a client asking faster than 20/s: " + statuses).isNotNull();
        assertThat(statuses.subList(0, 10)).as("its burst of 10 is served").containsOnly(200);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.jsonPath().getString("type")).isEqualTo("urn:departure-gateway:problem:rate-limited");
        assertThat(refused.jsonPath().getInt("status")).isEqualTo(429);
        assertThat(Integer.parseInt(refused.header("Retry-After"))).isEqualTo(1);
        assertThat(stubs.received(FLIGHT)).as("a refused request calls no backend").hasSize(callsBefore);
        departure("10.0.0.2").then().statusCode(200);
        // The bucket refills at 20 per second.
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(100))
                .until(() -> departure("10.0.0.1").statusCode() == 200);
    }

    @Test
    void aClientHoldingItsStreamsGetsA429ForAnotherUntilOneCloses() {
        stubs.updates(List.of(StubBackends.flightJson("AR1973", "2026-11-27", "EZE", "BOARDING")), 60_000, false);
        URI watch = URI.create(stream + "?" + QUERY + "&watch=true");
        try (RawStream first = new RawStream(watch, Map.of("X-Forwarded-For", "10.0.1.1"));
                RawStream second = new RawStream(watch, Map.of("X-Forwarded-For", "10.0.1.1"))) {
            first.awaitLine("event:departure", WAIT);
            second.awaitLine("event:departure", WAIT);
            int calls = stubs.received(FLIGHT).size();

            Response third = given().header("X-Forwarded-For", "10.0.1.1").accept("text/event-stream").get(watch);
            assertThat(third.statusCode()).isEqualTo(429);
            assertThat(third.contentType()).startsWith("application/problem+json");
            assertThat(third.jsonPath().getString("type")).isEqualTo("urn:departure-gateway:problem:too-many-streams");
            assertThat(third.header("Retry-After")).isNotNull();
            assertThat(stubs.received(FLIGHT)).as("a refused stream starts nothing").hasSize(calls);

            try (RawStream other = new RawStream(watch, Map.of("X-Forwarded-For", "10.0.1.2"))) {
                other.awaitLine("event:departure", WAIT);
            }
            first.close();
            await().atMost(WAIT).until(() -> {
                try (RawStream again = new RawStream(URI.create(stream + "?" + QUERY), Map.of("X-Forwarded-For", "10.0.1.1"))) {
                    return again.awaitStatus(WAIT) == 200;
                }
            });
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(clients("streams")).as("no stream left counted").isZero());
    }

    @Test
    void asyncWatchesCountAmongAClientsStreamsUntilTheyEnd() {
        stubs.updates(List.of(StubBackends.flightJson("AR1973", "2026-11-27", "EZE", "BOARDING")), 60_000, false);
        String body = "{\"flight\":\"AR1973\",\"date\":\"2026-11-27\",\"from\":\"EZE\",\"watch\":true}";
        List<String> started = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            started.add(given().header("X-Forwarded-For", "10.0.2.1").contentType(ContentType.JSON).body(body).post("/departures")
                    .then().statusCode(202).extract().path("id"));
        }
        given().header("X-Forwarded-For", "10.0.2.1").contentType(ContentType.JSON).body(body).post("/departures")
                .then().statusCode(429).body("type", equalTo("urn:departure-gateway:problem:too-many-streams"));
        // Not a watch: not counted.
        given().header("X-Forwarded-For", "10.0.2.1").contentType(ContentType.JSON).body(body.replace("true", "false"))
                .post("/departures").then().statusCode(202);

        given().header("X-Forwarded-For", "10.0.2.1").delete("/departures/" + started.get(0)).then().statusCode(202);
        String third = given().header("X-Forwarded-For", "10.0.2.1").contentType(ContentType.JSON).body(body).post("/departures")
                .then().statusCode(202).extract().path("id");
        for (String id : List.of(started.get(1), third)) {
            given().header("X-Forwarded-For", "10.0.2.1").delete("/departures/" + id).then().statusCode(202);
        }
        await().atMost(WAIT).untilAsserted(() -> assertThat(clients("streams")).isZero());
    }

    @Test
    void theStateKeptStaysBoundedHoweverManyAddressesCome() {
        for (int i = 0; i < 1_000; i++) {
            given().header("X-Forwarded-For", "10.1." + (i / 250) + "." + (i % 250)).accept(ContentType.JSON)
                    .get("/departure?flight=bad").then().statusCode(400);
        }
        assertThat(clients("rate")).as("clients' buckets kept after 1,000 addresses").isLessThanOrEqualTo(100.0);
    }
}
