package io.departure.gateway.lifecycle;

import static io.departure.gateway.testing.StubBackends.SUBSCRIPTIONS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.departure.gateway.testing.EventRecorder;
import io.departure.gateway.testing.EventRecorder.Received;
import io.departure.gateway.testing.GatewayProcess;
import io.departure.gateway.testing.StubBackends;

/**
 * A rolling deploy as the packaged gateway meets it: SIGTERM with fifty watches open. Every stream
 * is asked to reconnect and closed at once, every subscription at the flight service is released,
 * and the process is gone in seconds rather than after the shutdown timeout.
 */
class ShutdownIT {

    static final int WATCHES = 50;
    static StubBackends stubs;

    @BeforeAll
    static void start() {
        stubs = new StubBackends().start();
    }

    @AfterAll
    static void stop() {
        stubs.stop();
    }

    @Test
    void sigtermWithFiftyWatchesOpenReleasesEverySubscriptionAndExitsInSeconds() {
        // Updates that never say the flight departed: the watches stay open until something ends them.
        stubs.updates(List.of(StubBackends.flightJson("AR1973", "2026-11-27", "EZE", "BOARDING")), 60_000, false);
        GatewayProcess gateway = GatewayProcess.start("rolling", Map.of("quarkus.rest-client.flight.url", stubs.url(),
                "quarkus.rest-client.forecast.url", stubs.url()));
        List<EventRecorder> streams = new ArrayList<>();
        try {
            for (int i = 0; i < WATCHES; i++) {
                streams.add(new EventRecorder(gateway.uri("/departure/stream?flight=AR" + (1000 + i) + "&date=2026-11-27&from=EZE&watch=true")));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> stubs.received(SUBSCRIPTIONS).stream()
                    .filter(r -> r.method().equals("POST")).count() == WATCHES);

            long before = System.nanoTime();
            gateway.terminate();
            long stoppedMs = (System.nanoTime() - before) / 1_000_000;

            assertThat(stoppedMs).as("exits without waiting out the shutdown timeout").isLessThan(8_000);
            assertThat(stubs.released()).as("every subscription released").hasSize(WATCHES).doesNotHaveDuplicates();
            for (EventRecorder stream : streams) {
                List<Received> received = stream.events();
                assertThat(received).extracting(Received::name).contains("departure").last().isEqualTo("reconnect");
                assertThat(received.get(received.size() - 1).data()).contains("\"reason\":\"shutdown\"");
                assertThat(stream.ended()).isTrue();
            }
        } finally {
            streams.forEach(EventRecorder::close);
            gateway.close();
        }
    }
}
