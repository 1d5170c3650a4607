package io.departure.gateway.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.awaitility.Awaitility;

/** The lines of an event stream as they arrive on the wire, for what SSE clients hide (comments, retry). */
public final class RawStream implements AutoCloseable {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final CompletableFuture<HttpResponse<Stream<String>>> response;
    private volatile Stream<String> body;

    public RawStream(URI uri) {
        this(uri, Map.of());
    }

    /** A stream opened with these request headers. */
    public RawStream(URI uri, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri);
        headers.forEach(request::header);
        response = HttpClient.newHttpClient().sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines());
        response.thenAcceptAsync(r -> {
            body = r.body();
            try {
                body.forEach(lines::add);
            } catch (RuntimeException closed) {
                // the test closed the stream
            }
        });
    }

    public List<String> awaitLine(String line, Duration timeout) {
        Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(10)).until(() -> lines.contains(line));
        return new ArrayList<>(lines);
    }

    /** The response's status, once its head has come. */
    public int awaitStatus(Duration timeout) {
        return response.orTimeout(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS).join().statusCode();
    }

    public List<String> lines() {
        return new ArrayList<>(lines);
    }

    /** Hangs up, as a client that goes away. */
    @Override
    public void close() {
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> body != null);
        body.close();
    }
}
