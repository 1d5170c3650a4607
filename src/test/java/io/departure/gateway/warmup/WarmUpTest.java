package io.departure.gateway.warmup;

import static io.departure.gateway.testing.StubBackends.FLIGHT;
import static io.departure.gateway.testing.StubBackends.FORECAST;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;

import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.departure.gateway.problem.Problem;
import io.departure.gateway.testing.InjectStubs;
import io.departure.gateway.testing.SigningKeys;
import io.departure.gateway.testing.StubBackends;
import io.departure.gateway.testing.StubBackendsResource;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.cache.CaffeineCache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.smallrye.jwt.build.Jwt;

/**
 * A gateway with a warm-up is not ready, and serves no caller, until it has answered departures
 * of its own for the time set (through authentication and a rate limit a caller would meet, which
 * let the warm-up's own through); then it serves as if it had not: the backends never saw the
 * warm-up, nor do the store, the forecast cache or the step metrics hold anything of it.
 */
@QuarkusTest
@TestProfile(WarmUpTest.WarmingUp.class)
@QuarkusTestResource(value = StubBackendsResource.class, restrictToAnnotatedClass = true)
class WarmUpTest {

    public static class WarmingUp implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("departure.warm-up.duration", "8s", "departure.warm-up.concurrency", "4", "departure.auth.mode", "jwt",
                    "mp.jwt.verify.publickey.location", SigningKeys.publicKeyPem(KEYS).toUri().toString(), "mp.jwt.verify.issuer", ISSUER,
                    "departure.limits.rate", "5");
        }
    }

    private static final String QUERY = "/departure?flight=AR1973&date=2026-11-27&from=EZE";
    static final String ISSUER = "https://issuer.departure.test";
    static final KeyPair KEYS = SigningKeys.generate();
    static final String BEARER = "Bearer " + Jwt.issuer(ISSUER).subject("alice").expiresIn(Duration.ofMinutes(5)).sign(KEYS.getPrivate());

    @InjectStubs
    StubBackends stubs;

    @CacheName("forecast-last-good")
    Cache lastGood;

    @Test
    void notReadyWhileWarmingUpThenServesAsIfItHadNot() {
        JsonPath warming = given().get("/q/health/ready").then().statusCode(503).extract().jsonPath();
        assertThat(warming.getString("checks.find { it.name == 'warm-up' }.status")).isEqualTo("DOWN");
        given().get(QUERY).then().statusCode(503).header("Retry-After", "1").contentType(Problem.MEDIA_TYPE)
                .body("type", endsWith("warming-up"));
        given().header(WarmUp.HEADER, "a-guess").get(QUERY).then().statusCode(503).body("type", endsWith("warming-up"));

        await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200))
                .until(() -> given().get("/q/health/ready").statusCode() == 200);
        JsonPath ready = given().get("/q/health/ready").then().extract().jsonPath();
        assertThat(ready.getInt("checks.find { it.name == 'warm-up' }.data.departures")).as("departures the warm-up answered")
                .isGreaterThan(100);
        assertThat(stubs.received(FLIGHT)).as("flight calls of the warm-up").isEmpty();
        assertThat(stubs.received(FORECAST)).as("forecast calls of the warm-up").isEmpty();
        assertThat(lastGood.as(CaffeineCache.class).keySet()).as("forecasts cached by the warm-up").isEmpty();
        assertThat(stepCounts()).as("steps counted during the warm-up").isEmpty();

        given().get(QUERY).then().statusCode(401);
        String id = given().header("Authorization", BEARER).get(QUERY).then().statusCode(200).extract().header("Departure-Execution");
        assertThat(stubs.received(FLIGHT)).hasSize(1);
        assertThat(stubs.received(FORECAST)).hasSize(1);
        given().header("Authorization", BEARER).get("/departures/" + id).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.is("SUCCEEDED"));
        assertThat(stepCounts()).containsExactlyInAnyOrder(
                "departure_step_duration_seconds_count{outcome=\"ok\",step=\"flight\"} 1.0",
                "departure_step_duration_seconds_count{outcome=\"ok\",step=\"forecast\"} 1.0");
    }

    private static List<String> stepCounts() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(line -> line.startsWith("departure_step_duration_seconds_count{")).toList();
    }
}
