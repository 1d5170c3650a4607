package io.departure.gateway.backend;

import static io.departure.gateway.testing.StubBackends.FORECAST;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.departure.gateway.testing.Concurrently;
import io.departure.gateway.testing.InjectStubs;
import io.departure.gateway.testing.StubBackends;
import io.departure.gateway.testing.StubBackends.Reply;
import io.departure.gateway.testing.StubBackendsResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * Hedging ({@code departure.forecast.hedge.after=100ms}): an attempt that has not answered after
 * 100 ms is raced by a second; the first answer wins, the loser is cancelled (the backend sees the
 * hang-up), and no more than the budget's share of calls is hedged.
 */
@QuarkusTest
@QuarkusTestResource(value = StubBackendsResource.class, restrictToAnnotatedClass = true)
@TestProfile(HedgingTest.Hedged.class)
class HedgingTest {

    static final ObjectMapper JSON = new ObjectMapper();

    public static class Hedged implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("departure.forecast.hedge.after", "100ms", "departure.forecast.hedge.budget", "0.5",
                    "simulator.enabled", "false");
        }
    }

    @InjectStubs
    StubBackends stubs;

    @TestHTTPResource("/")
    URI base;

    @BeforeEach
    void reset() {
        stubs.reset();
    }

    @Test
    void aSlowAttemptIsRacedByASecondAndTheLoserIsCancelled() {
        // Earn the hedge budget: each call earns half a hedge.
        for (int i = 0; i < 4; i++) {
            given().get("/departure?flight=AR1973&date=2026-11-27&from=AEP").then().statusCode(200);
        }
        stubs.reset();
        stubs.answer(FORECAST, Reply.hang(), Reply.ok());
        Response answer = given().get("/departure?flight=AR1973&date=2026-11-27&from=EZE");
        answer.then().statusCode(200);
        assertThat(answer.jsonPath().getString("parts.forecast.outcome")).isEqualTo("ok");
        assertThat(answer.jsonPath().getBoolean("parts.forecast.hedged")).isTrue();
        assertThat(answer.jsonPath().getInt("parts.forecast.attempts")).as("the slow attempt and its hedge").isEqualTo(2);
        assertThat(answer.jsonPath().getLong("parts.forecast.durationMs")).as("answered by the hedge, not after the 1 s timeout")
                .isLessThan(800);
        assertThat(stubs.received(FORECAST)).hasSize(2);
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(stubs.hangUps(FORECAST))
                .as("the losing attempt is cancelled").isEqualTo(1));
    }

    @Test
    void aHedgeThatIsSlowTooIsRacedAgain() {
        for (int i = 0; i < 6; i++) {
            given().get("/departure?flight=AR1973&date=2026-11-27&from=AEP").then().statusCode(200);
        }
        stubs.reset();
        stubs.answer(FORECAST, Reply.hang(), Reply.hang(), Reply.ok());
        Response answer = given().get("/departure?flight=AR1973&date=2026-11-27&from=EZE");
        answer.then().statusCode(200);
        assertThat(answer.jsonPath().getString("parts.forecast.outcome")).isEqualTo("ok");
        assertThat(answer.jsonPath().getInt("parts.forecast.attempts")).as("the first attempt and two hedges").isEqualTo(3);
        assertThat(answer.jsonPath().getLong("parts.forecast.durationMs")).as("answered by the second hedge, at about 200 ms")
                .isLessThan(800);
        assertThat(stubs.received(FORECAST)).hasSize(3);
        await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(stubs.hangUps(FORECAST))
                .as("both losing attempts are cancelled").isEqualTo(2));
    }

    @Test
    void noMoreThanTheBudgetsShareOfCallsIsHedged() throws Exception {
        stubs.answer(FORECAST, Reply.ok().after(250));
        int departures = 100;
        int hedges = 0;
        for (int batch = 0; batch < departures / 20; batch++) {
            int first = batch * 20;
            // Other dates, so that no two calls are identical (identical ones would share one).
            List<HttpResponse<String>> answers = Concurrently.get(HttpClient.newHttpClient(), 20, i -> base.resolve(
                    "/departure?flight=AR1973&from=EZE&date=" + java.time.LocalDate.of(2026, 1, 1).plusDays(first + i)));
            for (HttpResponse<String> answer : answers) {
                assertThat(answer.statusCode()).isEqualTo(200);
                JsonNode forecast = JSON.readTree(answer.body()).get("parts").get("forecast");
                assertThat(forecast.get("outcome").asText()).isEqualTo("ok");
                // A call still slow after its first hedge (250 ms > 2 × 100 ms) is hedged again, up to 3 attempts.
                int attempts = forecast.get("attempts").asInt();
                assertThat(attempts).isBetween(1, 3);
                assertThat(forecast.path("hedged").asBoolean()).isEqualTo(attempts > 1);
                hedges += attempts - 1;
            }
        }
        // Half a hedge a call, and at most 10 saved up from before.
        assertThat(hedges).as("hedges for " + departures + " slow calls").isBetween(departures / 2 - 10, departures / 2 + 10);
        assertThat(stubs.received(FORECAST)).hasSize(departures + hedges);
    }
}
