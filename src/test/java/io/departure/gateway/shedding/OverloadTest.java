package io.departure.gateway.shedding;

import static io.departure.gateway.testing.StubBackends.FLIGHT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.departure.gateway.testing.EventLoopFlood;
import io.departure.gateway.testing.InjectStubs;
import io.departure.gateway.testing.StubBackends;
import io.departure.gateway.testing.StubBackendsResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;

/**
 * While the gateway's event loops have a standing queue (here: each kept about 60 ms behind, over
 * the 20 ms target, by work handed to it from outside, as a flood of traffic would), a departure
 * is answered {@code 503 overloaded} with {@code Retry-After} as soon as its loop reads it, and
 * calls no backend; a bad query still gets its {@code 400}; once the loops drain, departures are
 * served again.
 */
@QuarkusTest
@QuarkusTestResource(value = StubBackendsResource.class, restrictToAnnotatedClass = true)
@TestProfile(OverloadTest.Shedding.class)
class OverloadTest {

    public static class Shedding implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("departure.shedding.enabled", "true", "departure.shedding.target", "20ms", "simulator.enabled", "false");
        }
    }

    @InjectStubs
    StubBackends stubs;

    @Inject
    Vertx vertx;

    @Inject
    Overload overload;

    @TestHTTPResource("/departure?flight=AR1973&date=2026-11-27&from=EZE")
    URI departure;

    @Test
    void aQueuedUpGatewaySheds503sAtOnceAndServesAgainOnceDrained() throws Exception {
        stubs.reset();
        // The test JVM compiles as the tests run, which would have the queue waited out (CompilingTest covers that).
        overload.compiling(new Compiling(null, System::nanoTime));
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(departure).build();
        assertThat(client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);

        List<HttpResponse<String>> shed = new ArrayList<>();
        // About 30 tasks of 2 ms waiting on each loop: a standing queue of some 60 ms.
        try (EventLoopFlood flood = new EventLoopFlood(vertx, 30)) {
            await().atMost(Duration.ofSeconds(5)).until(() -> client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode() == 503);
            int calls = stubs.received(FLIGHT).size();
            for (int i = 0; i < 5; i++) {
                long sent = System.nanoTime();
                HttpResponse<String> answer = client.send(request, HttpResponse.BodyHandlers.ofString());
                long ms = (System.nanoTime() - sent) / 1_000_000;
                assertThat(answer.statusCode()).as("a departure while the loops are queued up").isEqualTo(503);
                // It waits for the work queued ahead of it on its loop, no more.
                assertThat(ms).as("ms to a shed answer, with some 60 ms of work queued on its loop").isLessThan(300);
                shed.add(answer);
            }
            assertThat(stubs.received(FLIGHT)).as("backend calls for shed departures").hasSize(calls);
            HttpResponse<String> bad = client.send(HttpRequest.newBuilder(URI.create(departure.toString().replace("AR1973", "nonsense")))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(bad.statusCode()).as("a bad query while the loops are queued up").isEqualTo(400);
        }
        for (HttpResponse<String> answer : shed) {
            assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
                    .startsWith("application/problem+json"));
            assertThat(answer.body()).contains("urn:departure-gateway:problem:overloaded");
            assertThat(answer.headers().firstValue("Retry-After")).hasValue("1");
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
    }
}
