package io.departure.gateway.testing;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;

/**
 * In-test flight and forecast services on a loopback port, following the backend contracts.
 * Each backend answers with a programmable sequence of replies (the last one repeats), records
 * every request it receives and counts the calls whose caller hung up before the answer.
 */
public final class StubBackends {

    public static final String FLIGHT = "flight";
    public static final String FORECAST = "forecast";
    /** Subscription calls at the flight service: POST, the update stream's GET, DELETE. */
    public static final String SUBSCRIPTIONS = "subscriptions";

    /** One way of answering: after a delay, a status and body, or hang, or drop the connection. */
    public record Reply(int status, String body, long delayMs, boolean hangs, boolean drops, long trickleMs) {
        /** 200 with a contract document made from the request. */
        public static Reply ok() {
            return new Reply(200, null, 0, false, false, 0);
        }

        public static Reply json(int status, String body) {
            return new Reply(status, body, 0, false, false, 0);
        }

        public static Reply status(int status) {
            return json(status, "{\"title\":\"stub " + status + "\",\"status\":" + status + "}");
        }

        public static Reply hang() {
            return new Reply(0, null, 0, true, false, 0);
        }

        public static Reply reset() {
            return new Reply(0, null, 0, false, true, 0);
        }

        public Reply after(long delayMs) {
            return new Reply(status, body, delayMs, hangs, drops, trickleMs);
        }

        /** Sends the body a byte at a time, this many ms apart. */
        public Reply trickled(long everyMs) {
            return new Reply(status, body, delayMs, hangs, drops, everyMs);
        }
    }

    /** A request as the stub received it. */
    public record Received(String method, String path, MultiMap query, MultiMap headers, long atNanos, HttpVersion version) {
        public String header(String name) {
            return headers.get(name);
        }
    }

    private final Vertx vertx = Vertx.vertx();
    private final Map<String, Deque<Reply>> replies = new ConcurrentHashMap<>();
    private final Map<String, List<Received>> received = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> hangUps = new ConcurrentHashMap<>();
    private HttpServer server;
    private final StubSubscriptions subscriptions = new StubSubscriptions(vertx, () -> hangUps.get(SUBSCRIPTIONS).incrementAndGet());
    private final AtomicInteger connections = new AtomicInteger();

    public StubBackends start() {
        try {
            // Speaks HTTP/1.1 and, to callers that start with it, HTTP/2 in clear text.
            server = vertx.createHttpServer().connectionHandler(connection -> connections.incrementAndGet())
                    .requestHandler(this::handle).listen(0, "localhost")
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("stub backends did not start", e);
        }
        reset();
        return this;
    }

    public void stop() {
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }

    public String url() {
        return "http://localhost:" + server.actualPort();
    }

    /** Fast, correct answers from both backends, and nothing recorded. */
    public void reset() {
        subscriptions.reset();
        for (String backend : List.of(FLIGHT, FORECAST, SUBSCRIPTIONS)) {
            if (backend.equals(SUBSCRIPTIONS)) {
                replies.remove(backend);
            } else {
                replies.put(backend, new ConcurrentLinkedDeque<>(List.of(Reply.ok())));
            }
            received.put(backend, new CopyOnWriteArrayList<>());
            hangUps.put(backend, new AtomicInteger());
        }
    }

    /** The replies a backend gives, in order; the last one repeats. */
    public void answer(String backend, Reply... sequence) {
        replies.put(backend, new ConcurrentLinkedDeque<>(List.of(sequence)));
    }

    /**
     * What a subscription's update stream sends: these flight documents, one every
     * {@code everyMs}, then the end of the stream, or nothing more while the caller stays.
     */
    public void updates(List<String> flights, long everyMs, boolean thenEnd) {
        subscriptions.updates(flights, everyMs, thenEnd);
    }

    /** The flight service's subscriptions: their update streams' faults, and the live ones of each watch. */
    public StubSubscriptions subscriptions() {
        return subscriptions;
    }

    /** The subscriptions the gateway released, by id. */
    public List<String> released() {
        return received(SUBSCRIPTIONS).stream().filter(r -> r.method().equals("DELETE"))
                .map(r -> r.path().substring(r.path().lastIndexOf('/') + 1)).toList();
    }

    public List<Received> received(String backend) {
        return new ArrayList<>(received.get(backend));
    }

    /** Connections callers opened since the stubs started. */
    public int connections() {
        return connections.get();
    }

    /** Calls whose caller closed the connection (or reset the stream) before the answer was complete. */
    public int hangUps(String backend) {
        return hangUps.get(backend).get();
    }

    private void handle(HttpServerRequest request) {
        String backend = request.path().contains("/subscriptions") ? SUBSCRIPTIONS
                : request.path().startsWith("/flights/") ? FLIGHT : request.path().equals("/forecasts") ? FORECAST : null;
        HttpServerResponse response = request.response();
        if (backend == null) {
            response.setStatusCode(404).end();
            return;
        }
        received.get(backend).add(new Received(request.method().name(), request.path(), MultiMap.caseInsensitiveMultiMap().addAll(request.params()),
                MultiMap.caseInsensitiveMultiMap().addAll(request.headers()), System.nanoTime(), request.version()));
        if (backend.equals(SUBSCRIPTIONS) && !replies.containsKey(SUBSCRIPTIONS)) {
            subscriptions.handle(request);
            return;
        }
        Deque<Reply> queue = replies.get(backend);
        Reply reply = queue.size() > 1 ? queue.pollFirst() : queue.peekFirst();
        long[] timer = { -1 };
        response.closeHandler(closed -> {
            if (!response.ended()) {
                hangUps.get(backend).incrementAndGet();
            }
            if (timer[0] >= 0) {
                vertx.cancelTimer(timer[0]);
            }
        });
        if (reply.hangs()) {
            return;
        }
        Runnable send = () -> {
            if (response.closed()) {
                return;
            }
            if (reply.drops()) {
                request.connection().close();
                return;
            }
            String body = reply.body() != null ? reply.body() : defaultBody(backend, request);
            response.setStatusCode(reply.status()).putHeader("Content-Type", "application/json");
            if (reply.trickleMs() > 0) {
                trickle(response, body, reply.trickleMs());
            } else {
                response.end(body);
            }
        };
        if (reply.delayMs() > 0) {
            timer[0] = vertx.setTimer(reply.delayMs(), id -> send.run());
        } else {
            send.run();
        }
    }

    /** Replaces the subscription calls by a fixed reply (to make subscribing fail, say). */
    public void answerSubscriptions(Reply reply) {
        replies.put(SUBSCRIPTIONS, new ConcurrentLinkedDeque<>(List.of(reply)));
    }

    private void trickle(HttpServerResponse response, String body, long everyMs) {
        response.setChunked(true);
        int[] sent = { 0 };
        vertx.setPeriodic(everyMs, id -> {
            if (response.closed() || sent[0] >= body.length()) {
                vertx.cancelTimer(id);
                if (!response.closed()) {
                    response.end();
                }
                return;
            }
            response.write(body.substring(sent[0], ++sent[0]));
        });
    }

    private static String defaultBody(String backend, HttpServerRequest request) {
        String date = request.getParam("date");
        if (FLIGHT.equals(backend)) {
            String id = request.path().substring("/flights/".length());
            return flightJson(id, date == null ? LocalDate.now().toString() : date, "EZE");
        }
        return forecastJson(request.getParam("airport"), date);
    }

    public static String flightJson(String id, String date, String origin) {
        return flightJson(id, date, origin, "ON_TIME");
    }

    public static String flightJson(String id, String date, String origin, String status) {
        return """
                {"id":"%s","date":"%s","status":"%s","origin":"%s","destination":"YUL",
                 "scheduledDeparture":"%sT21:00:00-03:00","estimatedDeparture":"%sT21:00:00-03:00","gate":"A12"}"""
                .formatted(id, date, status, origin, date, date);
    }

    public static String forecastJson(String airport, String date) {
        return """
                {"airport":"%s","date":"%s","summary":"cloudy","temperatureC":18.5,"precipitationProbability":0.3,"windKph":22.0}"""
                .formatted(airport, date);
    }
}
