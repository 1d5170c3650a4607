package io.departure.gateway.sync;

import static io.departure.gateway.testing.StubBackends.FLIGHT;
import static io.departure.gateway.testing.StubBackends.FORECAST;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.departure.gateway.testing.InjectStubs;
import io.departure.gateway.testing.StubBackends;
import io.departure.gateway.testing.StubBackends.Reply;
import io.departure.gateway.testing.StubBackendsResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;

/**
 * The sync view against stub backends: every outcome, every status code, the guards (timeouts
 * that hang up, retries, circuit breaker, budget header) and input validation.
 */
@QuarkusTest
@QuarkusTestResource(value = StubBackendsResource.class, restrictToAnnotatedClass = true)
class DepartureResourceTest {

    static final String DATE = "2026-11-27";

    @InjectStubs
    StubBackends stubs;

    @Inject
    CircuitBreakerMaintenance breakers;

    @BeforeEach
    void reset() {
        stubs.reset();
        breakers.resetAll();
    }

    private static Response departure(String query) {
        return given().when().get("/departure?" + query);
    }

    // --- answers -----------------------------------------------------------------------------

    @Test
    void completeDepartureMergesBothParts() {
        departure("flight=AR1973&date=" + DATE + "&from=EZE").then()
                .statusCode(200)
                .contentType("application/json")
                .header(DepartureResource.COMPLETE_HEADER, "true")
                .header("Server-Timing", org.hamcrest.Matchers.matchesPattern("flight;dur=\\d+, forecast;dur=\\d+"))
                .body("flight.id", equalTo("AR1973"))
                .body("flight.scheduledDeparture", equalTo(DATE + "T21:00:00-03:00"))
                .body("forecast.airport", equalTo("EZE"))
                .body("forecast.temperatureC", equalTo(18.5f))
                .body("complete", equalTo(true))
                .body("parts.flight.outcome", equalTo("ok"))
                .body("parts.flight.attempts", equalTo(1))
                .body("parts.forecast.outcome", equalTo("ok"))
                .body("parts.forecast.error", nullValue());
    }

    @Test
    void parametersAreNormalisedToUpperCase() {
        departure("flight=ar1973&date=" + DATE + "&from=eze").then().statusCode(200).body("flight.id", equalTo("AR1973"));
        assertThat(stubs.received(FLIGHT).get(0).path()).isEqualTo("/flights/AR1973");
        assertThat(stubs.received(FLIGHT).get(0).query().get("date")).isEqualTo(DATE);
        assertThat(stubs.received(FORECAST).get(0).query().get("airport")).isEqualTo("EZE");
    }

    @Test
    void withFromBothCallsRunConcurrently() {
        stubs.answer(FLIGHT, Reply.ok().after(300));
        stubs.answer(FORECAST, Reply.ok().after(500));
        departure("flight=AR1973&date=" + DATE + "&from=EZE").then().statusCode(200)
                .time(org.hamcrest.Matchers.lessThan(780L))
                .body("parts.forecast.durationMs", greaterThanOrEqualTo(500));
        long gapMs = (stubs.received(FORECAST).get(0).atNanos() - stubs.received(FLIGHT).get(0).atNanos()) / 1_000_000;
        assertThat(Math.abs(gapMs)).as("forecast called alongside the flight").isLessThan(150);
    }

    @Test
    void withoutFromTheForecastStartsWhenTheFlightArrivesAndUsesItsOrigin() {
        stubs.answer(FLIGHT, Reply.json(200, StubBackends.flightJson("AR1973", DATE, "AEP")).after(300));
        departure("flight=AR1973&date=" + DATE).then().statusCode(200)
                .body("forecast.airport", equalTo("AEP"))
                .body("complete", equalTo(true));
        long gapMs = (stubs.received(FORECAST).get(0).atNanos() - stubs.received(FLIGHT).get(0).atNanos()) / 1_000_000;
        assertThat(gapMs).as("forecast waited for the flight").isGreaterThanOrEqualTo(300);
        assertThat(stubs.received(FORECAST).get(0).query().get("airport")).isEqualTo("AEP");
    }

    // --- outcomes of the optional forecast -----------------------------------------------------

    @Test
    void failedForecastGivesAPartialDeparture() {
        stubs.answer(FORECAST, Reply.status(500));
        departure("flight=AR1973&date=" + DATE + "&from=ZZA").then()
                .statusCode(200)
                .header(DepartureResource.COMPLETE_HEADER, "false")
                .body("complete", equalTo(false))
                .body("flight.id", equalTo("AR1973"))
                .body("forecast", nullValue())
                .body("parts.forecast.outcome", equalTo("failed"))
                .body("parts.forecast.attempts", equalTo(3))
                .body("parts.forecast.error", equalTo("forecast answered HTTP 500"));
        assertThat(stubs.received(FORECAST)).hasSize(3);
    }

    @Test
    void lastGoodForecastIsAMarkedFallback() {
        departure("flight=AR1973&date=" + DATE + "&from=ZZB").then().statusCode(200).body("parts.forecast.outcome", equalTo("ok"));
        stubs.answer(FORECAST, Reply.status(503));
        departure("flight=AR1973&date=" + DATE + "&from=ZZB").then()
                .statusCode(200)
                .header(DepartureResource.COMPLETE_HEADER, "false")
                .body("complete", equalTo(false))
                .body("forecast.airport", equalTo("ZZB"))
                .body("forecast.summary", equalTo("cloudy"))
                .body("parts.forecast.outcome", equalTo("fallback"))
                .body("parts.forecast.stale", equalTo(true))
                .body("parts.forecast.ageMs", greaterThanOrEqualTo(0))
                .body("parts.forecast.error", equalTo("forecast answered HTTP 503"));
    }

    @Test
    void hangingForecastTimesOutAndEveryAttemptIsHungUp() {
        stubs.answer(FORECAST, Reply.hang());
        departure("flight=AR1973&date=" + DATE + "&from=ZZC").then()
                .statusCode(200)
                .body("complete", equalTo(false))
                .body("parts.flight.outcome", equalTo("ok"))
                .body("parts.forecast.outcome", equalTo("timeout"))
                .body("parts.forecast.error", notNullValue());
        int attempts = stubs.received(FORECAST).size();
        assertThat(attempts).isBetween(2, 3);
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(stubs.hangUps(FORECAST)).isEqualTo(attempts));
    }

    @Test
    void forecastWithoutFlightValueIsSkippedWhenTheFlightFails() {
        stubs.answer(FLIGHT, Reply.status(404));
        departure("flight=AR1973&date=" + DATE).then()
                .statusCode(404)
                .body("parts.flight.outcome", equalTo("failed"))
                .body("parts.forecast.outcome", equalTo("skipped"));
        assertThat(stubs.received(FORECAST)).isEmpty();
    }

    @Test
    void openCircuitAnswersWithoutCallingTheBackend() {
        stubs.answer(FORECAST, Reply.status(500));
        String outcome = "";
        for (int i = 0; i < 15 && !outcome.equals("circuit-open"); i++) {
            outcome = departure("flight=AR1973&date=" + DATE + "&from=ZZD").then().statusCode(200)
                    .extract().path("parts.forecast.outcome");
        }
        assertThat(outcome).isEqualTo("circuit-open");
        int calls = stubs.received(FORECAST).size();
        departure("flight=AR1973&date=" + DATE + "&from=ZZD").then().statusCode(200)
                .body("parts.forecast.outcome", equalTo("circuit-open"))
                .body("parts.forecast.attempts", equalTo(1));
        assertThat(stubs.received(FORECAST)).hasSize(calls);
        given().get("/q/health/ready").then().statusCode(200).body("checks.find { it.name == 'backends' }.data.forecast-circuit", equalTo("open"));
    }

    // --- the required flight: status codes -------------------------------------------------------

    @Test
    void unknownFlightIs404WithoutRetries() {
        stubs.answer(FLIGHT, Reply.status(404));
        departure("flight=AR1973&date=" + DATE + "&from=EZE").then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404))
                .body("type", startsWith("urn:"))
                .body("title", notNullValue())
                .body("detail", equalTo("flight AR1973 does not exist on " + DATE))
                .body("parts.flight.attempts", equalTo(1));
        assertThat(stubs.received(FLIGHT)).hasSize(1);
    }

    @Test
    void otherClientErrorsOfTheBackendAreNotRetried() {
        stubs.answer(FLIGHT, Reply.status(400));
        departure("flight=AR1973&date=" + DATE + "&from=EZE").then().statusCode(502)
                .body("detail", equalTo("flight answered HTTP 400"));
        assertThat(stubs.received(FLIGHT)).hasSize(1);
    }

    @Test
    void serverErrorsAreRetriedThenSucceed() {
        stubs.answer(FLIGHT, Reply.status(503), Reply.status(500), Reply.ok());
        departure("flight=AR1973&date=" + DATE + "&from=EZE").then().statusCode(200)
                .body("parts.flight.outcome", equalTo("ok"))
                .body("parts.flight.attempts", equalTo(3));
        assertThat(stubs.received(FLIGHT)).hasSize(3);
    }

    @Test
    void failingFlightIs502AndCancelsTheForecastInFlight() {
        stubs.answer(FLIGHT, Reply.status(500));
        stubs.answer(FORECAST, Reply.hang());
        departure("flight=AR1973&date=" + DATE + "&from=EZE").then()
                .statusCode(502)
                .contentType("application/problem+json")
                .body("status", equalTo(502))
                .body("parts.flight.outcome", equalTo("failed"))
                .body("parts.flight.attempts", equalTo(3))
                .body("parts.forecast.outcome", equalTo("cancelled"));
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(stubs.hangUps(FORECAST)).isEqualTo(1));
    }

    @Test
    void droppedConnectionIsAnUpstreamFailure() {
        stubs.answer(FLIGHT, Reply.reset());
        departure("flight=AR1973&date=" + DATE + "&from=EZE").then().statusCode(502)
                .body("detail", startsWith("flight connection failed"));
    }

    @Test
    void slowAttemptIsCancelledAndRetried() {
        stubs.answer(FLIGHT, Reply.ok().after(1500), Reply.ok());
        departure("flight=AR1973&date=" + DATE + "&from=EZE").then().statusCode(200)
                .body("parts.flight.outcome", equalTo("ok"))
                .body("parts.flight.attempts", equalTo(2));
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(stubs.hangUps(FLIGHT)).isEqualTo(1));
    }

    @Test
    void hangingFlightIs504AtTheDeadlineAndNothingIsLeftRunning() {
        stubs.answer(FLIGHT, Reply.hang());
        departure("flight=AR1973&date=" + DATE + "&from=EZE").then()
                .statusCode(504)
                .contentType("application/problem+json")
                .time(org.hamcrest.Matchers.lessThan(3500L))
                .body("parts.flight.outcome", equalTo("timeout"));
        int calls = stubs.received(FLIGHT).size();
        assertThat(calls).isBetween(2, 3);
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(stubs.hangUps(FLIGHT)).isEqualTo(calls));
    }

    @Test
    void openFlightCircuitIs503WithRetryAfter() {
        stubs.answer(FLIGHT, Reply.status(500));
        int status = 0;
        for (int i = 0; i < 15 && status != 503; i++) {
            status = departure("flight=AR1973&date=" + DATE + "&from=EZE").then().extract().statusCode();
        }
        assertThat(status).isEqualTo(503);
        departure("flight=AR1973&date=" + DATE + "&from=EZE").then()
                .statusCode(503)
                .header("Retry-After", "10")
                .body("parts.flight.outcome", equalTo("circuit-open"));
    }

    // --- the budget and trace context reach the backends -----------------------------------------

    @Test
    void eachAttemptTellsTheBackendItsRemainingBudget() {
        departure("flight=AR1973&date=" + DATE + "&from=EZE").then().statusCode(200);
        long flightBudget = Long.parseLong(stubs.received(FLIGHT).get(0).header("X-Request-Timeout-Ms"));
        long forecastBudget = Long.parseLong(stubs.received(FORECAST).get(0).header("X-Request-Timeout-Ms"));
        assertThat(flightBudget).isBetween(900L, 1000L); // the attempt timeout, well inside the deadline
        assertThat(forecastBudget).isBetween(900L, 1000L);
    }

    @Test
    void budgetShrinksWithTheDeadline() {
        // Two attempts of 1 s spend most of the 2.5 s deadline: the third gets what is left.
        stubs.answer(FLIGHT, Reply.hang(), Reply.hang(), Reply.ok());
        departure("flight=AR1973&date=" + DATE + "&from=EZE").then().statusCode(200);
        List<StubBackends.Received> calls = stubs.received(FLIGHT);
        assertThat(calls).hasSize(3);
        assertThat(Long.parseLong(calls.get(2).header("X-Request-Timeout-Ms"))).isLessThan(700);
    }

    @Test
    void traceContextIsPropagatedToBothBackends() {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        given().header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                .get("/departure?flight=AR1973&date=" + DATE + "&from=EZE").then().statusCode(200);
        assertThat(stubs.received(FLIGHT).get(0).header("traceparent")).contains(traceId);
        assertThat(stubs.received(FORECAST).get(0).header("traceparent")).contains(traceId);
    }

    @Test
    void theCallersTraceContextReachesTheBackendsUnchangedWhileOpenTelemetryIsOff() {
        String traceparent = "00-6bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        given().header("traceparent", traceparent).header("tracestate", "vendor=opaque,other=1")
                .get("/departure?flight=AR1973&date=" + DATE + "&from=EZE").then().statusCode(200);
        for (String backend : new String[] { FLIGHT, FORECAST }) {
            assertThat(stubs.received(backend).get(0).header("traceparent")).as(backend).isEqualTo(traceparent);
            assertThat(stubs.received(backend).get(0).header("tracestate")).as(backend).isEqualTo("vendor=opaque,other=1");
        }
    }

    @Test
    void anInvalidTraceContextIsNotPassedOn() {
        given().header("traceparent", "00-00000000000000000000000000000000-00f067aa0ba902b7-01").header("tracestate", "vendor=opaque")
                .get("/departure?flight=AR1973&date=" + DATE + "&from=EZE").then().statusCode(200);
        assertThat(stubs.received(FLIGHT).get(0).header("traceparent")).isNull();
        assertThat(stubs.received(FLIGHT).get(0).header("tracestate")).isNull();
    }

    @Test
    void traceContextReachesTheAttemptRetriedAfterATimeout() {
        String traceId = "0af7651916cd43dd8448eb211c80319c";
        stubs.answer(FLIGHT, Reply.hang(), Reply.ok());
        given().header("traceparent", "00-" + traceId + "-b7ad6b7169203331-01")
                .get("/departure?flight=AR1973&date=" + DATE + "&from=EZE").then().statusCode(200)
                .body("parts.flight.attempts", equalTo(2));
        List<StubBackends.Received> calls = stubs.received(FLIGHT);
        assertThat(calls).hasSize(2);
        assertThat(calls.get(1).header("traceparent")).contains(traceId);
    }

    // --- backend answers that break the contract ----------------------------------------------

    @Test
    void malformedJsonIsAFailureNotACrash() {
        stubs.answer(FLIGHT, Reply.json(200, "{\"id\": \"AR1973\", \"status\": "));
        departure("flight=AR1973&date=" + DATE + "&from=EZE").then().statusCode(502)
                .body("detail", startsWith("flight answered with an invalid body"));
        assertThat(stubs.received(FLIGHT)).hasSize(1);
    }

    @Test
    void jsonOfTheWrongShapeIsAFailure() {
        stubs.answer(FORECAST, Reply.json(200, "{\"airport\":\"EZE\",\"temperatureC\":\"warm\"}"));
        departure("flight=AR1973&date=" + DATE + "&from=ZZE").then().statusCode(200)
                .body("parts.forecast.outcome", equalTo("failed"))
                .body("parts.forecast.error", startsWith("forecast answered with an invalid body"));
        stubs.answer(FORECAST, Reply.json(200, "{\"airport\":\"EZE\"}"));
        departure("flight=AR1973&date=" + DATE + "&from=ZZE").then().statusCode(200)
                .body("parts.forecast.outcome", equalTo("failed"))
                .body("parts.forecast.error", org.hamcrest.Matchers.containsString("must not be null"));
    }

    @Test
    void oversizedAnswerIsAFailure() {
        String padding = "x".repeat(2 * 1024 * 1024);
        stubs.answer(FORECAST, Reply.json(200, "{\"airport\":\"EZE\",\"padding\":\"" + padding + "\"}"));
        departure("flight=AR1973&date=" + DATE + "&from=ZZF").then().statusCode(200)
                .body("parts.forecast.outcome", equalTo("failed"))
                .body("parts.forecast.error", org.hamcrest.Matchers.containsString("over the limit"));
    }

    @Test
    void tricklingAnswerTimesOutAndEveryAttemptIsHungUpMidBody() {
        stubs.answer(FORECAST, Reply.ok().trickled(50));
        departure("flight=AR1973&date=" + DATE + "&from=ZZG").then().statusCode(200)
                .body("parts.forecast.outcome", equalTo("timeout"));
        int attempts = stubs.received(FORECAST).size();
        assertThat(attempts).isPositive();
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(stubs.hangUps(FORECAST)).isEqualTo(attempts));
    }

    // --- bad input -----------------------------------------------------------------------------

    @Test
    void everyBadParameterIsListedInOneProblem() {
        departure("flight=A&date=2026-02-30&from=EZ1").then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("errors.field", hasItems("flight", "date", "from"))
                .body("errors.size()", equalTo(3));
        assertThat(stubs.received(FLIGHT)).isEmpty();
    }

    @Test
    void missingParametersAreListed() {
        given().get("/departure").then().statusCode(400)
                .body("errors.field", hasItems("flight", "date"))
                .body("errors.find { it.field == 'flight' }.message", equalTo("is required"));
    }

    @Test
    void malformedValuesOfManyKindsAreRejected() {
        for (String query : List.of(
                "flight=" + "A".repeat(2000) + "&date=" + DATE,
                "flight=AR19%0A73&date=" + DATE,
                "flight=AR1973%00&date=" + DATE,
                "flight=AR%20973&date=" + DATE,
                "flight=AR12345&date=" + DATE,
                "flight=AR1973&date=27-11-2026",
                "flight=AR1973&date=2026-13-01",
                "flight=AR1973&date=tomorrow",
                "flight=AR1973&date=2026-11-27T10:00",
                "flight=AR1973&date=" + DATE + "&from=EZEE",
                "flight=AR1973&date=" + DATE + "&from=%C3%89ZE")) {
            departure(query).then().statusCode(400).contentType("application/problem+json").body("errors.size()", equalTo(1));
        }
        assertThat(stubs.received(FLIGHT)).isEmpty();
    }

    @Test
    void requestLinesOverTheServerLimitAreRefused() {
        departure("flight=" + "A".repeat(5000) + "&date=" + DATE).then().statusCode(414);
        assertThat(stubs.received(FLIGHT)).isEmpty();
    }

    @Test
    void unknownPathsAndMethodsAreProblemsToo() {
        given().post("/departure").then().statusCode(405).contentType("application/problem+json").body("status", equalTo(405));
    }
}
