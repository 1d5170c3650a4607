package io.departure.gateway.testing;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.sse.SseEventSource;

import org.awaitility.Awaitility;

/** A standard JAX-RS SSE client that records the named events of a stream as they arrive. */
public final class EventRecorder implements AutoCloseable {

    /** An event as the client received it, and when. */
    public record Received(String name, String id, String data, long atNanos) {
    }

    private final long openedAt = System.nanoTime();
    private final Client client = ClientBuilder.newClient();
    private final SseEventSource source;
    private final List<Received> events = new CopyOnWriteArrayList<>();

    public EventRecorder(URI uri) {
        source = SseEventSource.target(client.target(uri)).reconnectingEvery(1, TimeUnit.HOURS).build();
        source.register(event -> {
            if (event.getName() != null) { // comments and the retry hint arrive as unnamed events
                events.add(new Received(event.getName(), event.getId(), event.readData(), System.nanoTime()));
            }
        });
        source.open();
    }

    /** Waits until an event of this name has arrived, and returns every event so far. */
    public List<Received> awaitEvent(String name, Duration timeout) {
        Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(10))
                .until(() -> events.stream().anyMatch(e -> name.equals(e.name())));
        return new ArrayList<>(events);
    }

    public List<Received> events() {
        return new ArrayList<>(events);
    }

    /** Milliseconds from opening the stream to receiving this event. */
    public long msToReceive(Received event) {
        return (event.atNanos() - openedAt) / 1_000_000;
    }

    @Override
    public void close() {
        source.close();
        client.close();
    }
}
