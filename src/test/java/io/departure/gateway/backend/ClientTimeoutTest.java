package io.departure.gateway.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.http.HttpServer;
import io.vertx.core.net.SocketAddress;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;

/**
 * A call that runs out of its budget at the HTTP client (its idle timeout: the backstop for a
 * request the caller gave up on before it existed, and what a loop running late meets first)
 * fails that call, and only that: it is the step's outcome, not an error for the log. Under
 * load a line for each would flood the log and cost the loops more than the calls.
 */
class ClientTimeoutTest {

    private final List<LogRecord> errors = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
                errors.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final Logger vertxHttp = Logger.getLogger("io.vertx.core.http.impl");
    private Vertx vertx;
    private HttpServer silent;

    @BeforeEach
    void start() {
        vertxHttp.addHandler(capture);
        vertx = Vertx.vertx();
        // Never answers, nor reads a body.
        silent = vertx.getDelegate().createHttpServer().requestHandler(request -> request.pause())
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().join();
    }

    @AfterEach
    void stop() {
        vertxHttp.removeHandler(capture);
        vertx.closeAndAwait();
    }

    @Test
    void aCallTimedOutByTheHttpClientFailsItAndLogsNoError() {
        Client client = new Client(vertx, new ObjectMapper(), URI.create("http://127.0.0.1:" + silent.actualPort()),
                new Client.Pool(Duration.ofSeconds(1), 10, Duration.ofSeconds(10)), false);
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> client.get("/flights/AR1973", Duration.ofMillis(100), String.class).await().atMost(Duration.ofSeconds(5)))
                    .hasMessageContaining("timeout");
        }
        // A request the backend has not even taken in when its time is up (a callback's body, here).
        Buffer large = Buffer.buffer(new byte[16 * 1024 * 1024]);
        SocketAddress server = SocketAddress.inetSocketAddress(silent.actualPort(), "127.0.0.1");
        assertThatThrownBy(() -> client.post("/hooks", Duration.ofMillis(200), large, Map.of(), server).await().atMost(Duration.ofSeconds(5)))
                .hasMessageContaining("timeout");
        assertThat(errors).extracting(LogRecord::getMessage).as("errors logged by the HTTP client").isEmpty();
        client.close();
    }

    @Test
    void aCallGivenUpWhileItWaitedForAConnectionIsResetByItsIdleTimeoutAndLogsNoError() throws Exception {
        Client client = new Client(vertx, new ObjectMapper(), URI.create("http://127.0.0.1:" + silent.actualPort()),
                new Client.Pool(Duration.ofSeconds(1), 1, Duration.ofSeconds(10)), false);
        // The only connection held by a call, another waits for it and is given up meanwhile (its attempt timed out,
        // as they do when the loops run late); when the first times out, the second's request comes, unsent.
        var first = client.get("/flights/AR1973", Duration.ofMillis(300), String.class).subscribe().asCompletionStage();
        var second = client.get("/flights/AR1974", Duration.ofMillis(100), String.class).subscribe().asCompletionStage();
        Thread.sleep(50);
        second.cancel(true);
        assertThatThrownBy(first::join).hasMessageContaining("timeout");
        Thread.sleep(500);
        assertThat(errors).extracting(LogRecord::getMessage).as("errors logged by the HTTP client").isEmpty();
        client.close();
    }
}
