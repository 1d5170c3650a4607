package io.departure.gateway.security;

import static io.restassured.RestAssured.given;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** A departure board on another origin, allowed by the standard CORS keys as the README says. */
@QuarkusTest
@TestProfile(CorsTest.BoardElsewhere.class)
class CorsTest {

    public static class BoardElsewhere implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.cors.enabled", "true", "quarkus.http.cors.origins", "https://board.example.com");
        }
    }

    @Test
    void theAllowedOriginMayAskAndOthersMayNot() {
        given().header("Origin", "https://board.example.com").header("Access-Control-Request-Method", "GET")
                .options("/departure/stream").then()
                .header("Access-Control-Allow-Origin", equalTo("https://board.example.com"))
                .header("Access-Control-Allow-Methods", containsString("GET"));
        given().header("Origin", "https://board.example.com").get("/departure?flight=AR1973&date=2026-11-27&from=EZE").then()
                .statusCode(200).header("Access-Control-Allow-Origin", equalTo("https://board.example.com"));
        given().header("Origin", "https://evil.example.com").get("/departure?flight=AR1973&date=2026-11-27&from=EZE").then()
                .header("Access-Control-Allow-Origin", nullValue());
    }
}
