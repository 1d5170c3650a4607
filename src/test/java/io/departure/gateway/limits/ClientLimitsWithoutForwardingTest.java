package io.departure.gateway.limits;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** Without proxy forwarding configured, a client is its connection's address: a forged {@code X-Forwarded-For} does not make it another. */
@QuarkusTest
@TestProfile(ClientLimitsWithoutForwardingTest.Limited.class)
class ClientLimitsWithoutForwardingTest {

    public static class Limited implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("departure.limits.rate", "2", "departure.limits.burst", "5");
        }
    }

    @Test
    void rotatingForwardedAddressesDoesNotEscapeTheRate() {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 20 && !statuses.contains(429); i++) {
            statuses.add(given().header("X-Forwarded-For", "10.2.0." + i).accept(ContentType.JSON)
                    .get("/departure?flight=bad").statusCode());
        }
        assertThat(statuses).as("answers to one connection's address claiming 20 others").contains(429);
    }
}
