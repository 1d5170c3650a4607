package io.departure.gateway.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.RequestOptions;

/**
 * A backend call made on no request's context (an execution taken over from a stopped replica
 * runs on an event loop's own context, whose locals Quarkus forbids) is made, without a trace.
 */
@QuarkusTest
class TraceContextContextsTest {

    @Inject
    Vertx vertx;

    @Test
    void aCallOnAnEventLoopsOwnContextIsMadeWithoutATrace() throws Exception {
        Context root = vertx.getOrCreateContext();
        CompletableFuture<RequestOptions> made = new CompletableFuture<>();
        root.runOnContext(ignored -> {
            try {
                made.complete(TraceContext.propagate(new RequestOptions()));
            } catch (RuntimeException e) {
                made.completeExceptionally(e);
            }
        });
        RequestOptions options = made.get(5, TimeUnit.SECONDS);
        assertThat(options.getHeaders() == null ? null : options.getHeaders().get("traceparent")).isNull();
    }
}
