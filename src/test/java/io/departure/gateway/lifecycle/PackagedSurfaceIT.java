package io.departure.gateway.lifecycle;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.net.URI;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.departure.gateway.testing.GatewayProcess;
import io.departure.gateway.testing.SigningKeys;
import io.restassured.response.Response;
import io.smallrye.jwt.build.Jwt;

/**
 * The surfaces of the packaged gateway that PackagedDepartureIT leaves out answer as they do in
 * the tests of the code: the page and each file it loads, the async view from start to events to
 * cancel, the OpenAPI document, per-client limits and bearer tokens. Run against the jar by {@code ./mvnw verify} and
 * against the native executable by CI, where a class the image does not know, a resource it did
 * not include or an initialisation at the wrong time fails only at run time.
 */
class PackagedSurfaceIT {

    static final String ISSUER = "https://issuer.departure.test";
    static final KeyPair KEYS = SigningKeys.generate();
    static final String DATE = LocalDate.now().toString();

    static GatewayProcess demo;

    @BeforeAll
    static void start() {
        demo = GatewayProcess.start("surface", Map.of("simulator.enabled", "true"));
    }

    @AfterAll
    static void stop() {
        demo.close();
    }

    @Test
    void thePageAndEveryFileItLoadsAreServed() {
        Response page = given().baseUri(demo.base()).get("/");
        page.then().statusCode(200).contentType(containsString("text/html"));
        List<String> files = new ArrayList<>();
        Matcher reference = Pattern.compile("(?:src|href)=\"(/[^\"]+)\"").matcher(page.asString());
        while (reference.find()) {
            files.add(reference.group(1));
        }
        assertThat(files).as("the page's own files").contains("/board.js", "/board.css");
        for (int i = 0; i < files.size(); i++) {
            String file = files.get(i);
            String body = given().baseUri(demo.base()).get(file).then().statusCode(200).body(not(equalTo(""))).extract().asString();
            // The modules a script imports, each once.
            Matcher imported = Pattern.compile("from '(\\./[^']+)'").matcher(file.endsWith(".js") ? body : "");
            while (imported.find()) {
                String module = URI.create(file).resolve(imported.group(1)).toString();
                if (!files.contains(module)) {
                    files.add(module);
                }
            }
        }
        assertThat(files).as("the page's modules").contains("/board/stream.js");
        given().baseUri(demo.base()).get("/board.js").then().contentType(containsString("javascript"));
        given().baseUri(demo.base()).get("/board/settings").then().statusCode(200).contentType(containsString("application/json"));
    }

    @Test
    void anAsyncExecutionRunsToItsEndAndItsEventsReplay() {
        String id = given().baseUri(demo.base()).contentType("application/json")
                .body("{\"flight\":\"AR1973\",\"date\":\"" + DATE + "\",\"from\":\"EZE\"}").post("/departures")
                .then().statusCode(202).extract().jsonPath().getString("id");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !"RUNNING".equals(
                given().baseUri(demo.base()).get("/departures/" + id).jsonPath().getString("status")));
        given().baseUri(demo.base()).get("/departures/" + id).then().statusCode(200).body("status", equalTo("SUCCEEDED"))
                .body("result.flight.id", equalTo("AR1973"));
        given().baseUri(demo.base()).accept("text/event-stream").get("/departures/" + id + "/events").then().statusCode(200)
                .body(containsString("event:execution"), containsString("event:flight"), containsString("event:departure"));
        given().baseUri(demo.base()).get("/departures/no-such-execution").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void aWatchIsCancelledAndItsSubscriptionReleased() {
        String date = LocalDate.now().plusDays(30).toString();
        String id = given().baseUri(demo.base()).contentType("application/json")
                .body("{\"flight\":\"AR1975\",\"date\":\"" + date + "\",\"watch\":true}").post("/departures")
                .then().statusCode(202).extract().jsonPath().getString("id");
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> given().baseUri(demo.base()).get("/sim/subscriptions").asString().contains(date));
        given().baseUri(demo.base()).delete("/departures/" + id).then().statusCode(202);
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> !given().baseUri(demo.base()).get("/sim/subscriptions").asString().contains(date));
        assertThat(given().baseUri(demo.base()).get("/departures/" + id).jsonPath().getString("status")).isEqualTo("CANCELLED");
    }

    @Test
    void theApiDescriptionAndTheGatewaysOwnMetricsAreServed() {
        given().get(demo.management("/q/openapi")).then().statusCode(200).body(containsString("/departures/{id}/events"));
        given().get(demo.management("/q/metrics")).then().statusCode(200).body(containsString("departure_executions_running"));
    }

    @Test
    void tokensAndPerClientLimitsAreEnforced() {
        Path key = SigningKeys.publicKeyPem(KEYS);
        try (GatewayProcess guarded = GatewayProcess.start("guarded", Map.of("simulator.enabled", "true",
                "departure.auth.mode", "jwt", "mp.jwt.verify.publickey.location", key.toUri().toString(),
                "mp.jwt.verify.issuer", ISSUER, "departure.limits.rate", "1", "departure.limits.burst", "1"))) {
            String query = "/departure?flight=AR1973&date=" + DATE + "&from=EZE";
            given().baseUri(guarded.base()).get(query).then().statusCode(401).contentType("application/problem+json")
                    .header("WWW-Authenticate", containsString("Bearer"));
            String bearer = "Bearer " + Jwt.issuer(ISSUER).subject("alice").expiresIn(Duration.ofMinutes(5)).sign(KEYS.getPrivate());
            given().baseUri(guarded.base()).header("Authorization", bearer).get(query).then().statusCode(200);
            given().baseUri(guarded.base()).header("Authorization", bearer).get(query).then().statusCode(429)
                    .contentType("application/problem+json").header("Retry-After", not(equalTo("")));
        }
    }
}
