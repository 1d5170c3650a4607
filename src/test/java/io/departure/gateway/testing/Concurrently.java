package io.departure.gateway.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/** Sends many requests at once and waits for every answer. */
public final class Concurrently {

    private Concurrently() {
    }

    /** @param uri the URI of the i-th request */
    public static List<HttpResponse<String>> get(HttpClient client, int count, IntFunction<URI> uri) {
        List<CompletableFuture<HttpResponse<String>>> calls = IntStream.range(0, count)
                .mapToObj(i -> client.sendAsync(HttpRequest.newBuilder(uri.apply(i)).build(), HttpResponse.BodyHandlers.ofString()))
                .toList();
        return calls.stream().map(CompletableFuture::join).toList();
    }
}
