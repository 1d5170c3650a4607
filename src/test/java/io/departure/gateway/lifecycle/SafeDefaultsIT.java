package io.departure.gateway.lifecycle;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.departure.gateway.testing.GatewayProcess;

/**
 * The packaged gateway as an operator first meets it: without configuration it does not start
 * (it would answer from its test double), it says which keys to set, and the demo runs only
 * when asked for; pointed at real backends, the simulator and its chaos endpoint are not served.
 */
class SafeDefaultsIT {

    @Test
    void withNeitherBackendUrlsNorTheSimulatorItRefusesToStartNamingTheKeys() {
        GatewayProcess.Exited exited = GatewayProcess.exitOf("bare", Map.of(), Duration.ofSeconds(30));
        assertThat(exited.code()).isNotZero();
        assertThat(exited.log()).contains("quarkus.rest-client.flight.url", "quarkus.rest-client.forecast.url", "simulator.enabled=true");
    }

    @Test
    void theDemoRunsOnTheSimulatorWhenAskedFor() {
        try (GatewayProcess demo = GatewayProcess.start("demo", Map.of("simulator.enabled", "true"))) {
            given().baseUri(demo.base()).get("/departure?flight=AR1973&date=2026-11-27&from=EZE").then().statusCode(200)
                    .body("complete", equalTo(true));
            given().baseUri(demo.base()).get("/sim/chaos/flight").then().statusCode(200);
        }
    }

    @Test
    void pointedAtBackendsTheSimulatorAndItsChaosEndpointAreNotServed() {
        try (GatewayProcess real = GatewayProcess.start("real", Map.of("quarkus.rest-client.flight.url", "http://localhost:9",
                "quarkus.rest-client.forecast.url", "http://localhost:9"))) {
            given().baseUri(real.base()).get("/sim/chaos/flight").then().statusCode(404);
            given().baseUri(real.base()).contentType("application/json").body("{\"mode\":\"error\"}").put("/sim/chaos/flight")
                    .then().statusCode(404);
            given().baseUri(real.base()).get("/sim/flights/AR1973?date=2026-11-27").then().statusCode(404);
        }
    }
}
