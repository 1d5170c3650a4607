package io.departure.gateway.testing;

import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.departure.gateway.testing.StubBackends.Reply;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

/**
 * A receiver of completion callbacks on a loopback port, as a customer runs one: it answers each
 * callback with a programmable sequence of replies (the last one repeats; {@code 204} by default,
 * or a status, a delay, a hang), records every one it receives with its headers and exact body,
 * and counts the connections the gateway holds open to it.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** A callback as the receiver got it. */
    public record Received(MultiMap headers, byte[] body, long atNanos) {
        public String header(String name) {
            return headers.get(name);
        }

        public String text() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private final Vertx vertx = Vertx.vertx();
    private final Deque<Reply> replies = new ConcurrentLinkedDeque<>(List.of(Reply.status(204)));
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger open = new AtomicInteger();
    private HttpServer server;

    public static WebhookReceiver start() {
        WebhookReceiver receiver = new WebhookReceiver();
        try {
            receiver.server = receiver.vertx.createHttpServer().connectionHandler(connection -> {
                receiver.open.incrementAndGet();
                connection.closeHandler(closed -> receiver.open.decrementAndGet());
            }).requestHandler(receiver::handle).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the webhook receiver did not start", e);
        }
        return receiver;
    }

    /** Where it receives callbacks: {@code http://127.0.0.1:<port>/hooks}. */
    public String url() {
        return "http://127.0.0.1:" + server.actualPort() + "/hooks";
    }

    /** The replies it gives, in order; the last one repeats. */
    public void answer(Reply... sequence) {
        replies.clear();
        replies.addAll(List.of(sequence));
    }

    public List<Received> received() {
        return new ArrayList<>(received);
    }

    /** Connections the gateway has open to it now. */
    public int openConnections() {
        return open.get();
    }

    private void handle(HttpServerRequest request) {
        Reply reply = replies.size() > 1 ? replies.pollFirst() : replies.peekFirst();
        request.body().onSuccess(body -> {
            received.add(new Received(MultiMap.caseInsensitiveMultiMap().addAll(request.headers()), body.getBytes(), System.nanoTime()));
            if (reply.hangs()) {
                return;
            }
            Runnable send = () -> {
                if (!request.response().closed()) {
                    request.response().setStatusCode(reply.status()).end();
                }
            };
            if (reply.delayMs() > 0) {
                vertx.setTimer(reply.delayMs(), id -> send.run());
            } else {
                send.run();
            }
        });
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }
}
