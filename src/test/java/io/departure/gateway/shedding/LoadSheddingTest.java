package io.departure.gateway.shedding;

import static io.departure.gateway.testing.StubBackends.FLIGHT;
import static io.departure.gateway.testing.StubBackends.FORECAST;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

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

/**
 * Beyond the departures the gateway lets in flight (here held at 4), one more is answered
 * {@code 503 overloaded} with {@code Retry-After} at once, instead of waiting to be answered late;
 * it calls no backend; those admitted are answered in full.
 */
@QuarkusTest
@QuarkusTestResource(value = StubBackendsResource.class, restrictToAnnotatedClass = true)
@TestProfile(LoadSheddingTest.SmallLimit.class)
class LoadSheddingTest {

    public static class SmallLimit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("departure.shedding.enabled", "true", "departure.shedding.initial-limit", "4", "departure.shedding.min-limit", "4",
                    "departure.shedding.max-limit", "4", "simulator.enabled", "false");
        }
    }

    @InjectStubs
    StubBackends stubs;

    @TestHTTPResource("/departure")
    URI departure;

    @Test
    void departuresBeyondTheLimitAre503AtOnceAndCallNoBackend() {
        stubs.reset();
        stubs.answer(FLIGHT, Reply.ok().after(500));
        stubs.answer(FORECAST, Reply.ok().after(500));
        HttpClient client = HttpClient.newHttpClient();
        // Twelve connections opened first (bad queries are answered before the limit), so that the twelve departures arrive together.
        assertThat(Concurrently.get(client, 12, i -> URI.create(departure + "?flight=bad"))).extracting(HttpResponse::statusCode)
                .containsOnly(400);
        long started = System.nanoTime();
        List<HttpResponse<String>> answers = Concurrently.get(client, 12,
                i -> URI.create(departure + "?flight=AR1973&from=EZE&date=" + LocalDate.of(2026, 1, 1).plusDays(i)));

        List<HttpResponse<String>> served = answers.stream().filter(answer -> answer.statusCode() == 200).toList();
        List<HttpResponse<String>> shed = answers.stream().filter(answer -> answer.statusCode() == 503).toList();
        assertThat(served).as("departures admitted").hasSize(4);
        assertThat(shed).as("departures shed").hasSize(8);
        for (HttpResponse<String> answer : shed) {
            assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                    .startsWith("application/problem+json"));
            assertThat(answer.body()).contains("urn:departure-gateway:problem:overloaded");
            assertThat(answer.headers().firstValue("Retry-After")).hasValue("1");
        }
        assertThat(stubs.received(FLIGHT)).as("flight calls: the admitted departures' only").hasSize(4);
        assertThat((System.nanoTime() - started) / 1_000_000).as("ms until every answer, the admitted ones 500 ms")
                .isLessThan(2_000);
    }
}
