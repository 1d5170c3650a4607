package io.departure.gateway.stream;

import static io.departure.gateway.testing.StubBackends.FORECAST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

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
 * Three hundred streams cut at once while their forecast calls fail slowly and are retried: once
 * the resume window has passed, no attempt reaches the backend any more (neither one in backoff
 * nor one about to start), and the calls in flight are hung up.
 */
@QuarkusTest
@QuarkusTestResource(value = StubBackendsResource.class, restrictToAnnotatedClass = true)
@TestProfile(StreamsCutAtOnceTest.FailingForecasts.class)
class StreamsCutAtOnceTest {

    /** A circuit that stays closed however the forecast fails, so that every stream keeps retrying. */
    public static class FailingForecasts implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("departure.forecast.circuit-breaker.request-volume-threshold", "100000");
        }
    }

    static final int STREAMS = 300;

    @InjectStubs
    StubBackends stubs;

    @TestHTTPResource("/")
    URI base;

    @Test
    void afterTheResumeWindowNoAttemptOfACutStreamReachesTheBackend() throws IOException {
        stubs.reset();
        // Each attempt fails after 300 ms and is retried after a backoff: at the cut, some are in
        // flight and some waiting to start again.
        stubs.answer(FORECAST, Reply.status(500).after(300));
        List<Socket> clients = new ArrayList<>();
        try {
            for (int i = 0; i < STREAMS; i++) {
                Socket socket = new Socket(base.getHost(), base.getPort());
                socket.getOutputStream().write(("GET /departure/stream?flight=AR" + (1000 + i) + "&date="
                        // A date each, so that no two forecast calls are identical (identical ones would share one call).
                        + java.time.LocalDate.of(2026, 1, 1).plusDays(i) + "&from=EZE HTTP/1.1\r\n"
                        + "Host: localhost\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                clients.add(socket);
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> stubs.received(FORECAST).size() >= STREAMS + STREAMS / 2);
        } finally {
            for (Socket socket : clients) {
                socket.close();
            }
        }
        long cut = System.nanoTime();
        Duration window = ConfigProvider.getConfig().getValue("departure.stream.resume-window", Duration.class);
        long quiet = cut + window.plusMillis(300).toNanos();

        await().pollDelay(window.plusSeconds(2)).atMost(window.plusSeconds(5)).until(() -> true);

        System.out.printf("%d streams cut: %d forecast attempts in all, %d hung up, %d after the cut%n", STREAMS,
                stubs.received(FORECAST).size(), stubs.hangUps(FORECAST),
                stubs.received(FORECAST).stream().filter(r -> r.atNanos() > cut).count());
        List<StubBackends.Received> late = stubs.received(FORECAST).stream().filter(r -> r.atNanos() > quiet).toList();
        assertThat(late).as("attempts that reached the backend after the resume window").isEmpty();
        assertThat(stubs.hangUps(FORECAST)).as("attempts in flight at the cancellation, hung up").isPositive();
    }
}
