package io.departure.gateway.observability;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import java.util.Optional;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.departure.gateway.testing.StubBackendsResource;
import io.prometheus.client.exemplars.ExemplarSampler;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Health, metrics and the OpenAPI description, as an operator reads them. */
@QuarkusTest
@QuarkusTestResource(value = StubBackendsResource.class, restrictToAnnotatedClass = true)
class OperationsTest {

    @Inject
    Optional<ExemplarSampler> exemplars;

    @Test
    void healthEndpointsAreUpAndReportCircuitsAndTheStore() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("backends"))
                .body("checks.find { it.name == 'backends' }.data.flight-circuit", equalTo("closed"))
                .body("checks.name", not(hasItem("execution-store")));
        given().get("/q/health/well").then().statusCode(200)
                .body("checks.find { it.name == 'execution-store' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'execution-store' }.data.store", equalTo("memory"));
    }

    @Test
    void metricsHaveStepHistogramsOutcomesAndCircuitState() {
        given().get("/departure?flight=AR1973&date=2026-11-27&from=EZE").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("departure_step_duration_seconds_bucket{outcome=\"ok\",step=\"flight\""))
                .body(containsString("departure_step_duration_seconds_count{outcome=\"ok\",step=\"forecast\"}"))
                .body(containsString("departure_circuit_state{backend=\"flight\"} 0.0"))
                .body(containsString("departure_circuit_state{backend=\"forecast\"} 0.0"));
    }

    @Test
    void metricsLookForNoTraceWhileTracingIsOff() {
        given().header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4738-00f067aa0ba902b9-01")
                .get("/departure?flight=AR1973&date=2026-11-27&from=EZE").then().statusCode(200);
        given().accept(OpenTelemetryOnTest.OPEN_METRICS).get("/q/metrics").then().statusCode(200)
                .body(containsString("departure_step_duration_seconds_bucket"))
                .body(not(containsString("trace_id=")));
        assertThat(exemplars).as("no exemplar is sampled on any metric's update").isEmpty();
    }

    @Test
    void openApiDescribesTheDepartureWithExamples() {
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body("paths.'/departure'.get.parameters.name", hasItem("flight"))
                .body("paths.'/departure'.get.responses.'200'.content.'application/json'.examples.complete.value.flight.id",
                        equalTo("AR1973"))
                .body("paths.'/departure'.get.responses.'503'.description", containsString("Retry-After"));
    }
}
