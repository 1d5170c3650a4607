package io.departure.gateway.warmup;

import static io.departure.gateway.testing.StubBackends.FLIGHT;
import static io.departure.gateway.testing.StubBackends.FORECAST;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.departure.gateway.testing.Concurrently;
import io.departure.gateway.testing.GatewayProcess;
import io.departure.gateway.testing.RedisServer;
import io.departure.gateway.testing.StubBackends;
import io.departure.gateway.testing.StubBackends.Reply;

/**
 * The warm-up before readiness as a replica added to a Redis-backed deployment runs it, on the
 * packaged application: not ready, and refusing callers, until it has warmed up; then ready
 * having called no backend and stored nothing in the shared Redis, and serving a burst at once.
 * A SIGTERM during the warm-up stops it in seconds.
 */
class WarmUpIT {

    private static final String QUERY = "/departure?flight=AR1973&date=2026-11-27&from=EZE";

    static StubBackends stubs;
    static RedisServer redis;
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() {
        stubs = new StubBackends().start();
        redis = RedisServer.start();
    }

    @AfterAll
    static void stop() {
        stubs.stop();
        redis.close();
    }

    private static Map<String, String> replica(String warmUp) {
        Map<String, String> properties = new HashMap<>(redis.config());
        properties.putAll(Map.of("quarkus.rest-client.flight.url", stubs.url(), "quarkus.rest-client.forecast.url", stubs.url(),
                "departure.deadline", "3s", "departure.warm-up.duration", warmUp));
        return properties;
    }

    private static int status(java.net.URI uri) {
        try {
            return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Test
    void aReplicaIsReadyOnlyOnceWarmedUpHavingCalledNoBackendNorStoredAnythingThenServes300AtOnce() throws Exception {
        stubs.reset();
        stubs.answer(FLIGHT, Reply.ok().after(300));
        stubs.answer(FORECAST, Reply.ok().after(300));
        long started = System.nanoTime();
        try (GatewayProcess gateway = GatewayProcess.starting("warming", replica("10s"))) {
            // Listening, warming up: callers are refused, and readiness is down.
            long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            int refused = -1;
            while (System.nanoTime() < until && (refused = status(gateway.uri(QUERY))) == -1) {
                Thread.sleep(50);
            }
            assertThat(refused).as("a caller's departure while warming up").isEqualTo(503);
            assertThat(status(gateway.management("/q/health/ready"))).as("readiness while warming up").isEqualTo(503);

            gateway.awaitReady();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("time to readiness").isGreaterThanOrEqualTo(Duration.ofSeconds(10));
            assertThat(gateway.log()).contains("warmed up in");
            assertThat(stubs.received(FLIGHT)).as("flight calls of the warm-up").isEmpty();
            assertThat(stubs.received(FORECAST)).as("forecast calls of the warm-up").isEmpty();
            assertThat(redis.keys("departure:{*")).as("executions of the warm-up in the shared Redis").isZero();

            List<HttpResponse<String>> answers = Concurrently.get(HTTP, 300, i -> gateway.uri("/departure?flight=OV" + (1000 + i)
                    + "&date=2026-11-27&from=MVD"));
            assertThat(answers).extracting(HttpResponse::statusCode).as("answers of a replica just ready to 300 at once").containsOnly(200);
            assertThat(stubs.received(FLIGHT)).hasSize(300);
            assertThat(redis.keys("departure:{*")).as("the callers' executions, in Redis").isPositive();
        }
    }

    @Test
    void sigtermDuringTheWarmUpStopsTheProcessInSeconds() throws Exception {
        stubs.reset();
        try (GatewayProcess gateway = GatewayProcess.starting("stopped-warming", replica("60s"))) {
            long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < until && !gateway.log().contains("warming up for")) {
                Thread.sleep(50);
            }
            Thread.sleep(2000);
            long before = System.nanoTime();
            gateway.terminate();
            assertThat(Duration.ofNanos(System.nanoTime() - before)).as("SIGTERM to exit, warming up").isLessThan(Duration.ofSeconds(10));
            assertThat(stubs.received(FLIGHT)).as("flight calls of the warm-up").isEmpty();
        }
    }
}
