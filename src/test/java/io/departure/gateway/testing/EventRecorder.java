package io.departure.gateway.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.awaitility.Awaitility;

/**
 * An SSE client, as a browser's EventSource reads a stream (without reconnecting), that records
 * the named events as they arrive; comments and the retry hint are not events.
 */
public final class EventRecorder implements AutoCloseable {

    /** An event as the client received it, and when. */
    public record Received(String name, String id, String data, long atNanos) {
    }

    private final long openedAt = System.nanoTime();
    private final List<Received> events = new CopyOnWriteArrayList<>();
    private final CompletableFuture<HttpResponse<Stream<String>>> response;
    private volatile Stream<String> body;
    private volatile boolean ended;
    private String name;
    private String id;
    private StringBuilder data;

    public EventRecorder(URI uri) {
        this(uri, null);
    }

    /** Reconnects as an EventSource does after a drop: with the id of the last event it received. */
    public EventRecorder(URI uri, String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        response = HttpClient.newHttpClient().sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines());
        response.thenAcceptAsync(r -> {
            body = r.body();
            try {
                body.forEach(this::line);
                ended = true;
            } catch (RuntimeException closed) {
                // the test closed the stream
            }
        });
    }

    private void line(String line) {
        if (line.isEmpty()) {
            if (data != null && name != null) {
                events.add(new Received(name, id, data.toString(), System.nanoTime()));
            }
            name = null;
            data = null;
            return;
        }
        if (line.startsWith(":")) {
            return;
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
        switch (field) {
            case "event" -> name = value;
            case "id" -> id = value;
            case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            default -> {
            }
        }
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

    /** The response's headers, once it has started. */
    public java.net.http.HttpHeaders headers() {
        return response.join().headers();
    }

    /** Whether the server has ended the stream. */
    public boolean ended() {
        return ended;
    }

    /** Milliseconds from opening the stream to receiving this event. */
    public long msToReceive(Received event) {
        return (event.atNanos() - openedAt) / 1_000_000;
    }

    /** Hangs up, as a client that goes away. */
    @Override
    public void close() {
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> body != null || response.isDone());
        if (body != null) {
            body.close();
        }
    }
}
