package io.departure.gateway.simulator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.notNullValue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The embedded simulator on its own, and the gateway running on it with no other process. */
@QuarkusTest
class SimulatorTest {

    /** Far enough ahead that the simulated flight has not left yet, whatever the time of day. */
    static final String DATE = java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(30).toString();

    @TestHTTPResource("/sim")
    URI sim;

    @AfterEach
    void calm() {
        for (String backend : new String[] { "flight", "forecast" }) {
            chaos(backend, "{\"latencyMs\":20,\"jitterMs\":0,\"failureRate\":0,\"mode\":\"normal\"}").then().statusCode(200);
        }
    }

    private static io.restassured.response.Response chaos(String backend, String json) {
        return given().contentType(ContentType.JSON).body(json).put("/sim/chaos/" + backend);
    }

    @Test
    void flightsArePlausibleAndDeterministic() {
        String first = given().get("/sim/flights/AR1973?date=" + DATE).then().statusCode(200)
                .body("id", equalTo("AR1973"))
                .body("date", equalTo(DATE))
                .body("origin", equalTo("EZE")) // odd numbers leave the airline's hub
                .body("scheduledDeparture", org.hamcrest.Matchers.endsWith("-03:00"))
                .body("destination", notNullValue())
                .body("status", org.hamcrest.Matchers.oneOf("ON_TIME", "DELAYED", "CANCELLED", "BOARDING", "DEPARTED"))
                .extract().asString();
        String second = given().get("/sim/flights/AR1973?date=" + DATE).then().statusCode(200).extract().asString();
        assertThat(second).isEqualTo(first);
        given().get("/sim/flights/AR1972?date=" + DATE).then().statusCode(200).body("destination", equalTo("EZE"));
    }

    @Test
    void forecastsArePlausibleAndDeterministic() {
        String first = given().get("/sim/forecasts?airport=EZE&date=" + DATE).then().statusCode(200)
                .body("airport", equalTo("EZE"))
                .body("temperatureC", org.hamcrest.Matchers.both(org.hamcrest.Matchers.greaterThan(-5f)).and(lessThan(40f)))
                .body("precipitationProbability", org.hamcrest.Matchers.lessThanOrEqualTo(1f))
                .extract().asString();
        assertThat(given().get("/sim/forecasts?airport=eze&date=" + DATE).asString()).isEqualTo(first);
        given().get("/sim/forecasts?airport=XXX&date=" + DATE).then().statusCode(404);
        given().get("/sim/forecasts?airport=EZE&date=tomorrow").then().statusCode(400);
        given().get("/sim/flights/NOT-A-FLIGHT?date=" + DATE).then().statusCode(400);
    }

    @Test
    void chaosIsReadAndChangedBySubset() {
        chaos("flight", "{\"latencyMs\":300}").then().statusCode(200)
                .body("latencyMs", equalTo(300)).body("jitterMs", equalTo(0)).body("mode", equalTo("normal"));
        given().get("/sim/chaos/flight").then().statusCode(200).body("latencyMs", equalTo(300));
        chaos("flight", "{\"failureRate\":1.5}").then().statusCode(400).contentType("application/problem+json");
        chaos("flight", "{\"mode\":\"sideways\"}").then().statusCode(400);
        chaos("flight", "not json").then().statusCode(400);
        chaos("boat", "{}").then().statusCode(404);
        given().get("/sim/chaos/flight").then().body("latencyMs", equalTo(300)).body("mode", equalTo("normal"));
    }

    @Test
    void latencyIsSimulated() {
        chaos("forecast", "{\"latencyMs\":400}");
        given().get("/sim/forecasts?airport=EZE&date=" + DATE).then().statusCode(200)
                .time(org.hamcrest.Matchers.greaterThanOrEqualTo(390L));
    }

    @Test
    void budgetHeaderIsHonoured() {
        chaos("flight", "{\"latencyMs\":3000}");
        given().header("X-Request-Timeout-Ms", "150").get("/sim/flights/AR1973?date=" + DATE).then()
                .statusCode(504)
                .time(lessThan(1500L));
    }

    @Test
    void errorAndNotFoundModesAndFailureRate() {
        chaos("flight", "{\"mode\":\"error\"}");
        given().get("/sim/flights/AR1973?date=" + DATE).then().statusCode(500);
        chaos("flight", "{\"mode\":\"not-found\"}");
        given().get("/sim/flights/AR1973?date=" + DATE).then().statusCode(404);
        chaos("flight", "{\"mode\":\"normal\",\"failureRate\":1}");
        given().get("/sim/flights/AR1973?date=" + DATE).then().statusCode(500);
    }

    @Test
    void malformedModeAnswersInvalidJson() {
        chaos("forecast", "{\"mode\":\"malformed\"}");
        String body = given().get("/sim/forecasts?airport=EZE&date=" + DATE).then().statusCode(200).extract().asString();
        assertThatThrownBy(() -> new ObjectMapper().readTree(body)).isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void hangModeNeverAnswers() {
        chaos("flight", "{\"mode\":\"hang\"}");
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(sim + "/flights/AR1973?date=" + DATE)).timeout(Duration.ofMillis(800)).build();
        assertThatThrownBy(() -> client.send(request, HttpResponse.BodyHandlers.ofString())).isInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void resetModeDropsTheConnection() {
        chaos("flight", "{\"mode\":\"reset\"}");
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(sim + "/flights/AR1973?date=" + DATE)).timeout(Duration.ofSeconds(5)).build();
        assertThatThrownBy(() -> client.send(request, HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class)
                .isNotInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void slowBodyModeTricklesTheAnswer() throws Exception {
        chaos("forecast", "{\"mode\":\"slow-body\"}");
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(sim + "/forecasts?airport=EZE&date=" + DATE)).build();
        long start = System.nanoTime();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        try (InputStream body = response.body()) {
            byte[] ten = body.readNBytes(10);
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            assertThat(new String(ten)).isEqualTo("{\"airport\"");
            assertThat(elapsedMs).as("ten bytes a tenth of a second apart").isGreaterThanOrEqualTo(950);
        }
    }

    @Test
    void subscriptionsStreamTheFlightsProgressUntilDepartureAndAreDeleted() throws Exception {
        String sid = given().post("/sim/flights/AR1973/subscriptions?date=" + DATE).then().statusCode(201)
                .body("leaseSeconds", equalTo(300)).extract().path("id");
        given().get("/sim/subscriptions").then().body("id", org.hamcrest.Matchers.hasItem(sid));
        HttpResponse<String> updates = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(sim + "/flights/AR1973/subscriptions/" + sid + "/events")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(updates.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        assertThat(updates.body()).contains("event: flight").contains("\"status\":\"BOARDING\"");
        String[] events = updates.body().split("event: flight");
        assertThat(events[events.length - 1]).as("the stream ends after departure").contains("\"status\":\"DEPARTED\"");
        given().delete("/sim/flights/AR1973/subscriptions/" + sid).then().statusCode(204);
        given().delete("/sim/flights/AR1973/subscriptions/" + sid).then().statusCode(404);
        given().get("/sim/flights/AR1973/subscriptions/" + sid + "/events").then().statusCode(404);
    }

    @Test
    void watchRunsEndToEndOnTheSimulatorAndLeavesNoSubscription() throws Exception {
        HttpResponse<String> stream = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(sim.toString().replace("/sim", "") + "/departure/stream?flight=AR1973&date=" + DATE + "&from=EZE&watch=true"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(stream.body()).contains("event:departure").contains("\"status\":\"DEPARTED\"").contains("event:end");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(2))
                .untilAsserted(() -> given().get("/sim/subscriptions").then().body("size()", equalTo(0)));
    }

    @Test
    void gatewayRunsOnTheSimulator() {
        given().get("/departure?flight=AR1973&date=" + DATE + "&from=EZE").then().statusCode(200)
                .body("complete", equalTo(true))
                .body("flight.origin", equalTo("EZE"))
                .body("forecast.airport", equalTo("EZE"));
        given().get("/departure?flight=AR1973&date=" + DATE).then().statusCode(200)
                .body("forecast.airport", equalTo("EZE"));
    }

    @Test
    void gatewayDegradesAndFailsWithTheSimulatorsChaos() {
        chaos("forecast", "{\"mode\":\"error\"}");
        given().get("/departure?flight=AR1973&date=" + DATE + "&from=LHR").then().statusCode(200)
                .body("complete", equalTo(false))
                .body("parts.forecast.outcome", equalTo("failed"));
        chaos("flight", "{\"mode\":\"not-found\"}");
        given().get("/departure?flight=AR1973&date=" + DATE + "&from=LHR").then().statusCode(404);
    }
}
