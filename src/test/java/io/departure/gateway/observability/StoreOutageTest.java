package io.departure.gateway.observability;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.departure.gateway.testing.RedisServer;
import io.departure.gateway.testing.RedisServerResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Redis out of reach: the replica stays ready (every replica shares that Redis, and a Service with
 * no ready pod answers with the ingress's own error page), answers departures, sync and async, with
 * a {@code 503} problem and {@code Retry-After}, reports the store down on {@code /q/health/well}
 * and in {@code departure_store_up}, and serves again once Redis is back.
 */
@QuarkusTest
@QuarkusTestResource(value = RedisServerResource.class, restrictToAnnotatedClass = true)
class StoreOutageTest {

    private static final String DEPARTURE = "{\"flight\":\"AR1973\",\"date\":\"2026-11-27\",\"from\":\"EZE\"}";

    /** The test's Redis server, which the test stops and starts again. */
    RedisServer redis;

    private static String storeUp() {
        return given().get("/q/metrics").asString().lines().filter(line -> line.startsWith("departure_store_up "))
                .map(line -> line.substring(line.indexOf(' ') + 1)).findFirst().orElse("");
    }

    @Test
    void aReplicaOutOfReachOfRedisStaysReadyAndAnswers503Problems() {
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> storeUp().equals("1.0"));
        given().get("/q/health/well").then().statusCode(200)
                .body("checks.find { it.name == 'execution-store' }.data.store", equalTo("redis"));

        redis.close();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> storeUp().equals("0.0"));
            given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                    .body("checks.name", not(hasItem("execution-store")));
            given().get("/q/health/well").then().statusCode(503).body("status", equalTo("DOWN"))
                    .body("checks.find { it.name == 'execution-store' }.status", equalTo("DOWN"));
            given().contentType("application/json").body(DEPARTURE).post("/departures").then().statusCode(503)
                    .contentType("application/problem+json").header("Retry-After", notNullValue()).body("status", equalTo(503));
            given().get("/departure?flight=AR1973&date=2026-11-27&from=EZE").then().statusCode(503)
                    .contentType("application/problem+json").header("Retry-After", notNullValue())
                    .body("type", endsWith("store-unavailable"));
        } finally {
            redis.restart();
        }

        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> storeUp().equals("1.0"));
        given().get("/q/health/well").then().statusCode(200).body("status", equalTo("UP"));
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> given().contentType("application/json").body(DEPARTURE)
                .post("/departures").statusCode() == 202);
    }
}
