package io.departure.gateway.backend;

import static io.departure.gateway.testing.StubBackends.FLIGHT;
import static io.departure.gateway.testing.StubBackends.FORECAST;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

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
import io.vertx.core.http.HttpVersion;

/** Backends reached over HTTP/2 in clear text: calls share connections, timeouts still hang up. */
@QuarkusTest
@TestProfile(Http2BackendsTest.Http2.class)
@QuarkusTestResource(value = StubBackendsResource.class, restrictToAnnotatedClass = true)
class Http2BackendsTest {

    public static class Http2 implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "departure.flight.http2", "true",
                    "departure.forecast.http2", "true",
                    "simulator.enabled", "false");
        }
    }

    private static final String QUERY = "?flight=AR1973&date=2026-11-27&from=EZE";

    @InjectStubs
    StubBackends stubs;

    @TestHTTPResource("/departure")
    URI departure;

    @BeforeEach
    void reset() {
        stubs.reset();
    }

    @Test
    void departureIsAnsweredOverHttp2() {
        given().get("/departure" + QUERY).then().statusCode(200)
                .body("complete", equalTo(true))
                .body("flight.id", equalTo("AR1973"))
                .body("forecast.airport", equalTo("EZE"));
        assertThat(stubs.received(FLIGHT)).extracting(StubBackends.Received::version).containsOnly(HttpVersion.HTTP_2);
        assertThat(stubs.received(FORECAST)).extracting(StubBackends.Received::version).containsOnly(HttpVersion.HTTP_2);
        assertThat(stubs.received(FLIGHT).get(0).header("X-Request-Timeout-Ms")).isNotBlank();
    }

    @Test
    void concurrentDeparturesShareConnections() {
        // A first round opens the connections, on every event loop the callers land on; then
        // twenty departures hold forty calls in flight at once.
        HttpClient callers = HttpClient.newHttpClient();
        assertThat(Concurrently.get(callers, 20, i -> URI.create(departure + QUERY)))
                .allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));
        int opened = stubs.connections();
        stubs.reset();
        stubs.answer(FLIGHT, Reply.ok().after(300));
        stubs.answer(FORECAST, Reply.ok().after(300));
        // A date each: identical calls would share one.
        List<HttpResponse<String>> responses = Concurrently.get(callers, 20,
                i -> URI.create(departure + "?flight=AR1973&from=EZE&date=" + java.time.LocalDate.of(2026, 1, 1).plusDays(i)));
        assertThat(responses).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));
        // Forty backend calls at once, on a few connections rather than one each.
        assertThat(stubs.received(FLIGHT).size() + stubs.received(FORECAST).size()).isGreaterThanOrEqualTo(40);
        assertThat(stubs.connections() - opened).isLessThan(10);
    }

    @Test
    void timedOutCallIsResetAtTheBackend() {
        stubs.answer(FORECAST, Reply.hang());
        given().get("/departure?flight=AR1973&date=2026-11-27&from=ZZC").then().statusCode(200)
                .body("complete", equalTo(false))
                .body("parts.forecast.outcome", equalTo("timeout"));
        int attempts = stubs.received(FORECAST).size();
        assertThat(attempts).isGreaterThanOrEqualTo(2);
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(stubs.hangUps(FORECAST)).isEqualTo(attempts));
    }
}
