package io.departure.gateway.shedding;

import static io.departure.gateway.testing.StubBackends.FLIGHT;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.departure.gateway.testing.Concurrently;
import io.departure.gateway.testing.GatewayProcess;
import io.departure.gateway.testing.StubBackends;
import io.departure.gateway.testing.StubBackends.Reply;

/**
 * Load shedding as the packaged gateway does it, on by default: a freshly started process, still
 * compiling its code, serves a burst its deadline can absorb; a warm one offered far more than it
 * can serve in time sheds, and what it sheds never reaches a backend.
 */
class ShedOnlyWhatIsLateIT {

    static StubBackends stubs;

    @BeforeAll
    static void start() {
        stubs = new StubBackends().start();
    }

    @AfterAll
    static void stop() {
        stubs.stop();
    }

    /** The i-th of many different departures: a flight and a date of its own, so that none shares another's calls. */
    private static String departure(int i) {
        return "/departure?flight=OV" + (1000 + i % 9000) + "&date=" + LocalDate.of(2026, 11, 1).plusDays(i / 9000) + "&from=MVD";
    }

    @Test
    void aFreshProcessAnswersEveryOneOf300DeparturesAtOnceAnd300ASecondOnHealthy300MsBackends() throws Exception {
        stubs.reset();
        stubs.answer(FLIGHT, Reply.ok().after(300));
        stubs.answer(StubBackends.FORECAST, Reply.ok().after(300));
        try (GatewayProcess gateway = GatewayProcess.start("fresh", Map.of("quarkus.rest-client.flight.url", stubs.url(),
                "quarkus.rest-client.forecast.url", stubs.url(), "departure.deadline", "3s"))) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            // Half of them the same departure, as a popular flight's would be.
            List<HttpResponse<String>> answers = Concurrently.get(client, 300, i -> gateway.uri(departure(i % 2 == 0 ? i : 0)));
            assertThat(answers).extracting(HttpResponse::statusCode).as("answers of a fresh process to 300 at once").containsOnly(200);
            assertThat(atRate(client, gateway, 300, Duration.ofSeconds(10))).as("answers of a process still warming up to 300/s")
                    .containsOnlyKeys(200);
        }
    }

    @Test
    void aWarmProcessOfferedFarMoreThanItCanServeShedsAndItsShedDeparturesCallNoBackend() throws Exception {
        stubs.reset();
        // One event loop, and a deadline of 500 ms (a target of 50 ms): two thousand callers, each asking again as
        // soon as answered, queue it up past that (one loop serves a few thousand departures a second, the native
        // executable under two: a thousand callers waited about 0.7 s there, within a 1 s deadline, rightly served).
        try (GatewayProcess gateway = GatewayProcess.start("warm", Map.of("quarkus.rest-client.flight.url", stubs.url(),
                "quarkus.rest-client.forecast.url", stubs.url(), "departure.deadline", "500ms", "quarkus.vertx.event-loops-pool-size", "1",
                "quarkus.http.io-threads", "1"))) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            AtomicInteger next = new AtomicInteger();
            callers(client, gateway, 16, Duration.ofSeconds(5), next, new ConcurrentHashMap<>());
            int warmedUp = next.get();
            stubs.reset();

            Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
            callers(client, gateway, 2000, Duration.ofSeconds(6), next, statuses);

            Map<Integer, Long> byStatus = statuses.values().stream().collect(Collectors.groupingBy(s -> s, Collectors.counting()));
            assertThat(byStatus.getOrDefault(503, 0L)).as("shed among %s", byStatus).isPositive();
            Set<String> shed = statuses.entrySet().stream().filter(e -> e.getValue() == 503).map(e -> flight(e.getKey()))
                    .collect(Collectors.toSet());
            Set<String> called = stubs.received(FLIGHT).stream().map(r -> r.path().substring("/flights/".length()) + "@" + r.query().get("date"))
                    .collect(Collectors.toSet());
            assertThat(called).as("flights the flight service was asked for, after %d warm-up departures", warmedUp)
                    .isNotEmpty().doesNotContainAnyElementsOf(shed);
        }
    }

    /** Departures at {@code perSecond}, each a different one, for {@code duration}, whatever the answers take: how many got each status. */
    private static Map<Integer, Long> atRate(HttpClient client, GatewayProcess gateway, int perSecond, Duration duration)
            throws InterruptedException {
        List<CompletableFuture<Integer>> answers = new java.util.ArrayList<>();
        long start = System.nanoTime();
        int total = (int) (perSecond * duration.toSeconds());
        for (int i = 0; i < total; i++) {
            long due = start + i * 1_000_000_000L / perSecond;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
            answers.add(client.sendAsync(HttpRequest.newBuilder(gateway.uri(departure(10_000 + i))).timeout(Duration.ofSeconds(30))
                    .build(), HttpResponse.BodyHandlers.discarding()).thenApply(HttpResponse::statusCode));
        }
        return answers.stream().map(CompletableFuture::join).collect(Collectors.groupingBy(s -> s, Collectors.counting()));
    }

    /** The flight and date of the i-th departure, as the flight service is asked for it. */
    private static String flight(int i) {
        return "OV" + (1000 + i % 9000) + "@" + LocalDate.of(2026, 11, 1).plusDays(i / 9000);
    }

    /** {@code count} callers, each asking for the next departure as soon as it has its answer, for {@code duration}. */
    private static void callers(HttpClient client, GatewayProcess gateway, int count, Duration duration, AtomicInteger next,
            Map<Integer, Integer> statuses) {
        long until = System.nanoTime() + duration.toNanos();
        CompletableFuture<?>[] all = new CompletableFuture<?>[count];
        for (int c = 0; c < count; c++) {
            all[c] = call(client, gateway, until, next, statuses);
        }
        CompletableFuture.allOf(all).join();
    }

    private static CompletableFuture<Void> call(HttpClient client, GatewayProcess gateway, long until, AtomicInteger next,
            Map<Integer, Integer> statuses) {
        if (System.nanoTime() >= until) {
            return CompletableFuture.completedFuture(null);
        }
        int i = next.getAndIncrement();
        return client.sendAsync(HttpRequest.newBuilder(gateway.uri(departure(i))).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString())
                .thenCompose(answer -> {
                    statuses.put(i, answer.statusCode());
                    return call(client, gateway, until, next, statuses);
                });
    }
}
