package io.departure.gateway.lounge;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.departure.gateway.testing.Browser;
import io.departure.gateway.testing.EventRecorder;
import io.departure.gateway.testing.EventRecorder.Received;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * A backend added from the tests alone (the lounge step, its configuration and its simulator
 * part, no main file edited) is part of every view, of health and of metrics, of the API
 * description and of the page.
 */
@QuarkusTest
@TestProfile(ThirdBackendTest.WithLounge.class)
class ThirdBackendTest {

    public static class WithLounge implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "test.lounge", "true",
                    "quarkus.rest-client.lounge.url", "http://localhost:${quarkus.http.test-port}/sim",
                    "simulator.lounge.latency", "20ms",
                    "simulator.lounge.jitter", "0ms",
                    "departure.lounge.retry.max-retries", "0",
                    "departure.stream.lounge.timeout", "300ms");
        }
    }

    static final String DATE = LocalDate.now(ZoneOffset.UTC).plusDays(30).toString();

    private final ObjectMapper json = new ObjectMapper();

    @TestHTTPResource("/departure/stream")
    URI stream;

    @TestHTTPResource("/")
    URI page;

    @AfterEach
    void normal() {
        chaos(Map.of("latencyMs", 20, "mode", "normal"));
    }

    private static void chaos(Map<String, Object> settings) {
        given().contentType(ContentType.JSON).body(settings).put("/sim/chaos/lounge").then().statusCode(200);
    }

    @Test
    void theLoungeIsAPartOfTheDepartureAndOfItsServerTiming() {
        given().get("/departure?flight=AR1973&date=" + DATE + "&from=EZE").then()
                .statusCode(200)
                .header("Server-Timing", containsString("lounge;dur="))
                .header("X-Departure-Complete", "true")
                .body("lounge.airport", equalTo("EZE"))
                .body("lounge.name", equalTo("EZE Sky Lounge"))
                .body("parts.lounge.outcome", equalTo("ok"))
                .body("parts.flight.outcome", equalTo("ok"))
                .body("parts.forecast.outcome", equalTo("ok"));
    }

    @Test
    void withoutFromTheLoungeWaitsForTheFlightsOrigin() {
        String body = given().get("/departure?flight=AR1973&date=" + DATE).then().statusCode(200).extract().asString();
        JsonNode departure = read(body);
        assertThat(departure.get("lounge").get("airport").asText()).isEqualTo(departure.get("flight").get("origin").asText());
        List<String> members = iterate(departure.fieldNames());
        assertThat(members).containsExactly("flight", "forecast", "lounge", "complete", "parts");
        assertThat(iterate(departure.get("parts").fieldNames())).containsExactly("flight", "forecast", "lounge");
    }

    @Test
    void aFailingLoungeMakesThePartialDepartureItsChaosAsks() {
        chaos(Map.of("mode", "error"));
        given().get("/departure?flight=AR1973&date=" + DATE + "&from=EZE").then()
                .statusCode(200)
                .header("X-Departure-Complete", "false")
                .body("complete", equalTo(false))
                .body("parts.lounge.outcome", equalTo("failed"))
                .body("parts.forecast.outcome", equalTo("ok"));
    }

    @Test
    void theStreamSendsTheLoungeUnderItsOwnTimeout() {
        try (EventRecorder events = new EventRecorder(URI.create(stream + "?flight=AR1973&date=" + DATE + "&from=EZE"))) {
            List<Received> received = events.awaitEvent("departure", Duration.ofSeconds(8));
            assertThat(received).extracting(Received::name).contains("flight", "forecast", "lounge");
            assertThat(read(received.stream().filter(e -> e.name().equals("lounge")).findFirst().orElseThrow().data())
                    .get("value").get("name").asText()).isEqualTo("EZE Sky Lounge");
        }
        // 600 ms: within the sync view's 1 s attempt, past the stream's own 300 ms for the lounge
        chaos(Map.of("latencyMs", 600));
        given().get("/departure?flight=AR1973&date=" + DATE + "&from=EZE").then().statusCode(200)
                .body("parts.lounge.outcome", equalTo("ok"));
        try (EventRecorder events = new EventRecorder(URI.create(stream + "?flight=AR1973&date=" + DATE + "&from=EZE"))) {
            List<Received> received = events.awaitEvent("departure", Duration.ofSeconds(8));
            JsonNode lounge = read(received.stream().filter(e -> e.name().equals("lounge")).findFirst().orElseThrow().data());
            // the attempt's 300 ms ran out: the gateway's timeout, or the simulator's 504 at the budget it was told
            assertThat(lounge.get("outcome").asText()).isIn("timeout", "failed");
            assertThat(lounge.get("durationMs").asLong()).isLessThan(550);
        }
    }

    @Test
    void healthAndMetricsCoverTheLounge() {
        given().get("/departure?flight=AR1973&date=" + DATE + "&from=EZE").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200).body("checks.find { it.name == 'backends' }.data.lounge-circuit", notNullValue());
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("departure_circuit_state{backend=\"lounge\"")
                .containsPattern("departure_step_duration_seconds_count\\{[^}]*step=\"lounge\"");
    }

    @Test
    void theApiDescriptionDescribesTheLoungesPartAndEvent() {
        JsonNode api = read(given().accept("application/json").get("/q/openapi?format=json").then().statusCode(200).extract()
                .asString());
        JsonNode departure = api.at("/components/schemas/Departure");
        assertThat(iterate(departure.path("properties").fieldNames())).containsExactly("flight", "forecast", "lounge", "complete",
                "parts");
        assertThat(departure.path("required")).extracting(JsonNode::asText).contains("lounge");
        assertThat(departure.at("/properties/lounge/oneOf/0/$ref").asText()).endsWith("/Lounge");
        assertThat(departure.at("/properties/parts/properties/lounge/$ref").asText()).endsWith("/Part");
        assertThat(iterate(api.at("/components/schemas/Lounge/properties").fieldNames())).containsExactly("airport", "name", "open");

        JsonNode stepEvent = api.at("/components/schemas/StepEvent");
        assertThat(stepEvent.at("/properties/step/enum")).extracting(JsonNode::asText).containsExactly("flight", "forecast", "lounge");
        assertThat(stepEvent.at("/properties/value/oneOf")).extracting(value -> value.path("$ref").asText())
                .anySatisfy(ref -> assertThat(ref).endsWith("/Lounge"));
        JsonNode lounge = null;
        for (JsonNode frame : api.at("/components/schemas/DepartureEvent/oneOf")) {
            if (frame.at("/properties/event/enum/0").asText().equals("lounge")) {
                lounge = frame;
            }
        }
        assertThat(lounge).as("the lounge's event").isNotNull();
        assertThat(lounge.at("/properties/data/$ref").asText()).endsWith("/StepEvent");

        // The examples were recorded with two backends: none that leaves the lounge out is shown.
        api.at("/paths/~1departure/get/responses/200/content/application~1json/examples").forEach(example -> assertThat(
                example.path("value").has("lounge")).as("a departure example names the lounge").isTrue());
        assertThat(api.at("/paths/~1departure~1stream/get/responses/200/content/text~1event-stream/example").asText(""))
                .satisfiesAnyOf(stream -> assertThat(stream).isEmpty(), stream -> assertThat(stream).contains("event:lounge"));
    }

    @Test
    void theBoardShowsTheLoungesCard() {
        given().get("/board/settings").then().statusCode(200).body("steps.name", contains("flight", "forecast", "lounge"));
        try (Browser browser = Browser.start()) {
            ChromeDriver driver = browser.driver();
            driver.get(page.resolve("/?flight=AR1973&date=" + DATE + "&from=EZE").toString());
            new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> d.findElement(By.cssSelector("#completeness")).getText()
                    .contains("Complete"));
            WebElement card = driver.findElement(By.cssSelector("#lounge-card"));
            assertThat(card.getText()).contains("EZE Sky Lounge").contains("answered in");
            assertThat(card.findElements(By.cssSelector("dl dt"))).extracting(WebElement::getText).contains("name", "open");
            assertThat(driver.findElements(By.cssSelector(".row[data-step=lounge] .bar"))).hasSize(1);
            assertThat(browser.consoleErrors()).isEmpty();
            browser.screenshot("lounge");
        }
    }

    private JsonNode read(String body) {
        try {
            return json.readTree(body);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> iterate(java.util.Iterator<String> names) {
        List<String> list = new java.util.ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }
}
