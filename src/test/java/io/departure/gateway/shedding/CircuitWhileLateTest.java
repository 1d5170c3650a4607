package io.departure.gateway.shedding;

import static io.departure.gateway.testing.StubBackends.FORECAST;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.departure.gateway.testing.Concurrently;
import io.departure.gateway.testing.EventLoopFlood;
import io.departure.gateway.testing.InjectStubs;
import io.departure.gateway.testing.StubBackends;
import io.departure.gateway.testing.StubBackends.Reply;
import io.departure.gateway.testing.StubBackendsResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;

/**
 * A backend's timeouts while the gateway's own event loops are queued up do not open its circuit:
 * they may be the gateway's lateness. The same timeouts once the loops have drained do.
 */
@QuarkusTest
@QuarkusTestResource(value = StubBackendsResource.class, restrictToAnnotatedClass = true)
class CircuitWhileLateTest {

    @InjectStubs
    StubBackends stubs;

    @Inject
    Vertx vertx;

    @Inject
    Overload overload;

    @TestHTTPResource("/departure")
    URI departure;

    private String forecastCircuit() {
        return given().get("/q/health/ready").then().extract().path("checks.find { it.name == 'backends' }.data.forecast-circuit");
    }

    /** Ten departures at once (a date each: identical calls would share one) whose forecast hangs: twenty and more attempts time out. */
    private void timeOutTheForecast() {
        assertThat(Concurrently.get(HttpClient.newHttpClient(), 10,
                i -> URI.create(departure + "?flight=AR1973&from=ZZT&date=" + java.time.LocalDate.of(2026, 3, 1).plusDays(i))))
                .extracting(HttpResponse::statusCode).containsOnly(200);
    }

    @Test
    void timeoutsWhileTheGatewayIsLateDoNotOpenTheCircuitTimeoutsAfterwardDo() throws Exception {
        stubs.reset();
        stubs.answer(FORECAST, Reply.hang());
        try (EventLoopFlood flood = new EventLoopFlood(vertx, 40)) {
            await().atMost(Duration.ofSeconds(5)).until(overload::now);
            timeOutTheForecast();
            assertThat(overload.now()).as("still late after the departures").isTrue();
        }
        assertThat(stubs.received(FORECAST)).as("forecast attempts while late").hasSizeGreaterThanOrEqualTo(20);
        assertThat(forecastCircuit()).as("the circuit after timeouts while the gateway was late").isEqualTo("closed");

        await().atMost(Duration.ofSeconds(5)).until(() -> !overload.now());
        timeOutTheForecast();
        assertThat(forecastCircuit()).as("the circuit after the same timeouts on time").isEqualTo("open");
    }
}
