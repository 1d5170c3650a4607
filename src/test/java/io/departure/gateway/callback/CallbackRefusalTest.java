package io.departure.gateway.callback;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/**
 * The defaults that keep a callback from being aimed where it should not go: https only, and no
 * loopback, link-local or wildcard address even when the operator's list names one.
 */
@QuarkusTest
@TestProfile(CallbackRefusalTest.SafeDefaults.class)
class CallbackRefusalTest {

    public static class SafeDefaults implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("departure.callbacks.allowed-hosts", "hooks.example.com,*.partner.example,127.0.0.1,localhost,169.254.169.254,0.0.0.0",
                    "departure.callbacks.allow-http", "false",
                    "departure.callbacks.allow-local-addresses", "false");
        }
    }

    private static void refused(String url, String why) {
        given().contentType(ContentType.JSON).body("{\"flight\":\"AR1973\",\"date\":\"2026-11-27\",\"callback\":{\"url\":\"" + url + "\"}}")
                .post("/departures").then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItems("callback.url")).body("errors.message", hasItems(containsString(why)));
    }

    @Test
    void loopbackLinkLocalAndWildcardAddressesAreRefusedThoughListed() {
        refused("https://127.0.0.1/hooks", "loopback");
        refused("https://localhost:8443/hooks", "loopback");
        refused("https://169.254.169.254/latest/meta-data", "link-local");
        refused("https://0.0.0.0/hooks", "wildcard");
    }

    @Test
    void plainHttpIsRefused() {
        refused("http://hooks.example.com/departures", "https");
    }

    @Test
    void onlyListedHostsAreAllowed() {
        refused("https://hooks.example.org/departures", "not among");
        refused("https://partner.example/departures", "not among");
        refused("https://[::1]/hooks", "not among");
        given().contentType(ContentType.JSON)
                .body("{\"flight\":\"AR1973\",\"date\":\"2026-11-27\",\"callback\":{\"url\":\"https://eu.partner.example/departures\"}}")
                .post("/departures").then().statusCode(202);
    }
}
