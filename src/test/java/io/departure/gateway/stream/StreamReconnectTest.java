package io.departure.gateway.stream;

import static io.departure.gateway.testing.StubBackends.FLIGHT;
import static io.departure.gateway.testing.StubBackends.FORECAST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.departure.gateway.testing.EventRecorder;
import io.departure.gateway.testing.EventRecorder.Received;
import io.departure.gateway.testing.InjectStubs;
import io.departure.gateway.testing.StubBackends;
import io.departure.gateway.testing.StubBackends.Reply;
import io.departure.gateway.testing.StubBackendsResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** A stream that has lasted {@code departure.stream.max-connection} asks its client to reconnect, and the reconnect resumes it. */
@QuarkusTest
@TestProfile(StreamReconnectTest.ShortConnections.class)
@QuarkusTestResource(value = StubBackendsResource.class, restrictToAnnotatedClass = true)
class StreamReconnectTest {

    public static class ShortConnections implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("departure.stream.max-connection", "1s", "departure.stream.resume-window", "2s");
        }
    }

    @InjectStubs
    StubBackends stubs;

    @TestHTTPResource("/departure/stream")
    URI stream;

    @Test
    void aLongStreamSaysReconnectClosesAndResumesWithoutRunningAStepAgain() {
        stubs.reset();
        stubs.answer(FORECAST, Reply.ok().after(2500));
        URI departure = URI.create(stream + "?flight=AR1973&date=2026-11-27&from=EZE");
        List<String> seen = new ArrayList<>();
        String last = null;
        int connections = 0;
        // as an EventSource does: reconnect with the last id until the departure has come
        while (!seen.contains("departure") && connections++ < 6) {
            try (EventRecorder connection = new EventRecorder(departure, last)) {
                await().atMost(Duration.ofSeconds(5)).until(connection::ended);
                List<Received> received = connection.events();
                assertThat(received).isNotEmpty();
                if (!received.get(received.size() - 1).name().equals("departure")) {
                    assertThat(received.get(received.size() - 1).name()).as("a connection cut short says so").isEqualTo("reconnect");
                }
                received.stream().filter(e -> !e.name().equals("reconnect")).forEach(e -> seen.add(e.name()));
                String id = received.get(received.size() - 1).id();
                last = id != null ? id : last; // an EventSource keeps its last event id across connections
            }
        }
        assertThat(connections).as("the 2.5 s forecast outlives a 1 s connection").isGreaterThan(1);
        assertThat(seen).containsExactly("execution", "flight", "forecast", "departure");
        assertThat(stubs.received(FLIGHT)).hasSize(1);
        assertThat(stubs.received(FORECAST)).hasSize(1);
    }
}
