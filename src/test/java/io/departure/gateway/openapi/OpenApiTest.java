package io.departure.gateway.openapi;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.departure.gateway.watch.DepartureWatch.End;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The OpenAPI document at {@code /q/openapi} describes every public path and status of the
 * design, the headers the responses set, the stream view's events, a problem for each error,
 * and models whose fields are described and whose examples are real answers.
 */
@QuarkusTest
class OpenApiTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static JsonNode api;

    /** DESIGN.md's public API: path, method, then every status it names. */
    static final Map<String, List<String>> DESIGNED = Map.of(
            "/departure get", List.of("200", "400", "404", "502", "503", "504", "401", "429"),
            "/departure/stream get", List.of("200", "400", "401", "429"),
            "/departures post", List.of("202", "400", "409", "503", "401", "429"),
            "/departures/{id} get", List.of("200", "404", "401"),
            "/departures/{id} delete", List.of("202", "204", "404", "401"),
            "/departures/{id}/events get", List.of("200", "404", "401", "429"),
            "/departures/{id}/redrive post", List.of("202", "404", "409", "401", "429"));

    @BeforeEach
    void read() throws Exception {
        if (api != null) {
            return;
        }
        api = JSON.readTree(given().accept("application/json").get("/q/openapi?format=json").then().statusCode(200).extract().asString());
    }

    @Test
    void everyDesignedPathAndStatusIsThere() {
        for (Map.Entry<String, List<String>> operation : DESIGNED.entrySet()) {
            String[] pathAndMethod = operation.getKey().split(" ");
            JsonNode responses = api.path("paths").path(pathAndMethod[0]).path(pathAndMethod[1]).path("responses");
            assertThat(fieldNames(responses)).as(operation.getKey()).containsAll(operation.getValue());
        }
    }

    @Test
    void everyErrorIsAProblemDocument() {
        List<String> plain = new ArrayList<>();
        api.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(operation -> {
            if (!path.getKey().startsWith("/departure")) {
                return;
            }
            operation.getValue().path("responses").fields().forEachRemaining(response -> {
                if (response.getKey().matches("[45]..") && !response.getValue().path("content").path("application/problem+json")
                        .path("schema").path("$ref").asText().endsWith("/Problem")) {
                    plain.add(operation.getKey() + " " + path.getKey() + " " + response.getKey());
                }
            });
        }));
        assertThat(plain).as("errors without a problem document").isEmpty();
    }

    @Test
    void theHeadersEachResponseSetsAreDescribed() {
        JsonNode sync = api.at("/paths/~1departure/get/responses");
        assertThat(fieldNames(sync.path("200").path("headers")))
                .contains("X-Departure-Complete", "Server-Timing", "Departure-Execution");
        assertThat(fieldNames(sync.path("503").path("headers"))).contains("Retry-After");
        assertThat(fieldNames(sync.path("429").path("headers"))).contains("Retry-After");
        assertThat(fieldNames(api.at("/paths/~1departure~1stream/get/responses/200/headers"))).contains("Departure-Execution");
        assertThat(fieldNames(api.at("/paths/~1departures/post/responses/202/headers"))).contains("Location");
        assertThat(fieldNames(api.at("/paths/~1departures~1{id}~1redrive/post/responses/202/headers"))).contains("Location");
        assertThat(fieldNames(api.at("/components/schemas/ExecutionStatus/properties")))
                .contains("redriveCount", "redrivenAt", "callback");
    }

    @Test
    void theStreamViewsListTheirEventsWithTheirData() {
        for (String pointer : List.of("/paths/~1departure~1stream/get/responses/200/content/text~1event-stream",
                "/paths/~1departures~1{id}~1events/get/responses/200/content/text~1event-stream")) {
            JsonNode events = api.at(pointer);
            assertThat(events.path("schema").path("$ref").asText()).as(pointer).endsWith("/DepartureEvent");
            assertThat(events.path("example").asText()).contains("event:flight").contains("event:departure");
        }
        Set<String> names = new HashSet<>();
        Map<String, String> data = new java.util.HashMap<>();
        for (JsonNode frame : api.at("/components/schemas/DepartureEvent/oneOf")) {
            String name = frame.at("/properties/event/enum/0").asText();
            names.add(name);
            data.put(name, frame.at("/properties/data/$ref").asText());
            assertThat(frame.path("description").asText()).as(name).isNotBlank();
        }
        assertThat(names).containsExactlyInAnyOrder("execution", "flight", "forecast", "departure", "error", "end", "reconnect", "watch",
                "redrive");
        assertThat(data.get("flight")).endsWith("/StepEvent");
        assertThat(data.get("departure")).endsWith("/Departure");
        assertThat(data.get("error")).endsWith("/Problem");
        assertThat(data.get("redrive")).endsWith("/Redrive");
    }

    @Test
    void theWatchsEndReasonsAreTheOnesTheServerSendsAndThePageWords() {
        JsonNode end = null;
        for (JsonNode frame : api.at("/components/schemas/DepartureEvent/oneOf")) {
            if (frame.at("/properties/event/enum/0").asText().equals("end")) {
                end = frame.at("/properties/data/properties/reason");
            }
        }
        assertThat(end).as("the end event's reason").isNotNull();
        assertThat(fieldNames(end.path("enum"))).as("reasons described").containsExactlyInAnyOrderElementsOf(End.REASONS);

        String page = given().get("/board/watch.js").then().statusCode(200).extract().asString();
        int start = page.indexOf("const END_REASONS = {");
        assertThat(start).as("the page's words for the end reasons").isNotNegative();
        Set<String> worded = new HashSet<>();
        Matcher key = Pattern.compile("(?m)^\\s*'?([a-z-]+)'?\\s*:").matcher(page.substring(start, page.indexOf("};", start)));
        while (key.find()) {
            worded.add(key.group(1));
        }
        assertThat(worded).as("reasons the page words").containsExactlyInAnyOrderElementsOf(End.REASONS);
    }

    @Test
    void modelsDescribeEveryFieldAndNameTheRequiredOnes() {
        for (String model : List.of("Flight", "Forecast", "Part", "Problem", "Departure", "ExecutionStatus", "ExecutionQuery",
                "Recorded", "StepEvent", "Callback", "Redrive")) {
            JsonNode schema = api.at("/components/schemas/" + model);
            assertThat(schema.path("description").asText()).as(model).isNotBlank();
            assertThat(schema.path("required").size()).as(model + " required").isPositive();
            schema.path("properties").fields().forEachRemaining(property -> assertThat(
                    property.getValue().path("description").asText()).as(model + "." + property.getKey()).isNotBlank());
        }
        assertThat(fieldNames(api.at("/components/schemas/Departure/properties")))
                .contains("flight", "forecast", "complete", "parts");
    }

    @Test
    void theSyncViewsExampleHasTheShapeOfARealAnswer() throws Exception {
        JsonNode value = api.at("/paths/~1departure/get/responses/200/content/application~1json/examples/complete/value");
        JsonNode example = value.isTextual() ? JSON.readTree(value.asText()) : value;
        JsonNode real = JSON.readTree(given().get("/departure?flight=AR1973&date=2026-11-27&from=EZE").then().statusCode(200)
                .extract().asString());
        for (String member : List.of("", "/flight", "/forecast", "/parts", "/parts/flight", "/parts/forecast")) {
            assertThat(fieldNames(example.at(member))).as("example" + member).isEqualTo(fieldNames(real.at(member)));
        }
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new HashSet<>();
        if (node.isArray()) {
            node.forEach(item -> names.add(item.asText()));
            return names;
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            names.add(it.next());
        }
        return names;
    }
}
