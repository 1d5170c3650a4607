package io.departure.gateway.lambda;

import static io.departure.gateway.testing.StubBackends.FLIGHT;
import static io.departure.gateway.testing.StubBackends.FORECAST;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.departure.gateway.testing.InjectStubs;
import io.departure.gateway.testing.StubBackends;
import io.departure.gateway.testing.StubBackends.Reply;
import io.departure.gateway.testing.StubBackendsResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The sync view as an AWS Lambda function (run with {@code -Plambda}): requests go through
 * Quarkus's mock Lambda event server as API Gateway events, and the function calls stub
 * backends (not its own simulator: the mock server handles one event at a time).
 */
@QuarkusTest
@QuarkusTestResource(value = StubBackendsResource.class, restrictToAnnotatedClass = true)
class LambdaDepartureTest {

    static final String DATE = "2026-11-27";

    @InjectStubs
    StubBackends stubs;

    @BeforeEach
    void reset() {
        stubs.reset();
    }

    @Test
    void completeDepartureThroughTheLambdaEventServer() {
        given().get("/departure?flight=AR1000&date=" + DATE + "&from=EZE").then().statusCode(200); // warm-up
        stubs.reset();
        stubs.answer(FLIGHT, Reply.ok().after(200));
        stubs.answer(FORECAST, Reply.ok().after(300));
        io.restassured.response.Response response = given().get("/departure?flight=ar1973&date=" + DATE + "&from=eze");
        response.then()
                .statusCode(200)
                .header("X-Departure-Complete", "true")
                .body("flight.id", equalTo("AR1973"))
                .body("forecast.airport", equalTo("EZE"))
                .body("complete", equalTo(true))
                // concurrently: one backend delay, not their sum
                .time(org.hamcrest.Matchers.lessThan(480L));
        // API Gateway's event format carries a list header as separate values
        assertThat(String.join(", ", response.headers().getValues("Server-Timing")))
                .matches("flight;dur=\\d+, forecast;dur=\\d+");
        assertThat(stubs.received(FLIGHT)).hasSize(1);
    }

    @Test
    void partialAndFailedDepartures() {
        stubs.answer(FORECAST, Reply.status(500));
        given().get("/departure?flight=AR1973&date=" + DATE + "&from=ZZL").then().statusCode(200)
                .header("X-Departure-Complete", "false")
                .body("parts.forecast.outcome", equalTo("failed"));
        stubs.answer(FLIGHT, Reply.status(404));
        given().get("/departure?flight=AR1973&date=" + DATE).then().statusCode(404)
                .contentType("application/problem+json")
                .body("parts.forecast.outcome", equalTo("skipped"));
    }

    @Test
    void badInputIsA400Problem() {
        given().get("/departure?flight=A&date=tomorrow").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItems("flight", "date"));
    }
}
