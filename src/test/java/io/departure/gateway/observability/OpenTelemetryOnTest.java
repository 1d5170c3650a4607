package io.departure.gateway.observability;

import static io.departure.gateway.testing.StubBackends.FLIGHT;
import static io.departure.gateway.testing.StubBackends.FORECAST;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.departure.gateway.testing.InjectStubs;
import io.departure.gateway.testing.StubBackends;
import io.departure.gateway.testing.StubBackendsResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * With OpenTelemetry switched on (as the README says to, for a collector), its instrumentation
 * carries the caller's trace to the backends and the gateway takes part in it: each backend
 * sees the caller's trace id and sampling decision under a span of the gateway's own.
 */
@QuarkusTest
@TestProfile(OpenTelemetryOnTest.On.class)
@QuarkusTestResource(value = StubBackendsResource.class, restrictToAnnotatedClass = true)
class OpenTelemetryOnTest {

    public static class On implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.otel.sdk.disabled", "false");
        }
    }

    @InjectStubs
    StubBackends stubs;

    @Test
    void theGatewaysOwnSpansCarryTheCallersTrace() {
        stubs.reset();
        String traceId = "5bf92f3577b34da6a3ce929d0e0e4736";
        String callerSpan = "00f067aa0ba902b7";
        // Not sampled: nothing is recorded, so nothing is sent to a collector this test does not have.
        given().header("traceparent", "00-" + traceId + "-" + callerSpan + "-00")
                .get("/departure?flight=AR1973&date=2026-11-27&from=EZE").then().statusCode(200);
        for (String backend : new String[] { FLIGHT, FORECAST }) {
            String sent = stubs.received(backend).get(0).header("traceparent");
            assertThat(sent).as(backend).matches("00-" + traceId + "-[0-9a-f]{16}-00").doesNotContain(callerSpan);
        }
    }

    @Test
    void metricsPointToTheTraceOfASampledDeparture() {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4737";
        given().header("traceparent", "00-" + traceId + "-00f067aa0ba902b8-01")
                .get("/departure?flight=AR1973&date=2026-11-27&from=EZE").then().statusCode(200);
        // An exemplar: the step's histogram bucket names the trace its sample came from.
        given().accept(OPEN_METRICS).get("/q/metrics").then().statusCode(200)
                .body(containsString("trace_id=\"" + traceId + "\""));
    }

    static final String OPEN_METRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";
}
