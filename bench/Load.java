import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * The benchmarks' load generator, on one Vert.x event loop (run with the gateway's own
 * libraries on the class path: {@code java -cp 'target/quarkus-app/lib/main/*' bench/Load.java}).
 *
 * <pre>
 * rate URL RPS SECONDS [WARMUP] constant request rate (after WARMUP seconds at that rate, unmeasured), open loop: request i is due at start + i/RPS
 *                             and its latency runs from when it was due, not from when it was
 *                             sent, so a stalled server is charged for every request it delayed
 *                             (no coordinated omission). Prints ms: p50 p90 p99 p99.9 max, then
 *                             the count, the errors and the rate achieved.
 * overload URL RPS SECONDS DEADLINE_MS
 *                             the same open loop, no warm-up, every answer read: prints the
 *                             answers by status and problem type, the share of all requests
 *                             answered 200 within DEADLINE_MS + 10 % of when they were due, the
 *                             share shed (503 overloaded), a shed answer's latency p50 p99 max
 *                             from when it was due and from when it went out on a connection,
 *                             the number of 503 circuit-open answers and of parts whose outcome
 *                             was circuit-open, the answers later than DEADLINE_MS + 10 %, and
 *                             the latest answer (ms).
 * mixed URL BAD_URL N C      N requests, C at a time (closed loop), every other one to BAD_URL (a
 *                             query the gateway refuses with 400): prints the answers by status and
 *                             problem type, the share shed, and the latest answer (ms).
 * burst URL N                 N requests at once, each on its own connection. Prints the answers
 *                             by status, the peak number in flight, the time until the last
 *                             answer, latency p50 p99 max from the start, the time the last
 *                             request went out (its connection open: the ramp), and latency p50
 *                             and max from when each request went out.
 * streams URL N SECONDS RATE  opens N SSE streams at RATE a second, holds them SECONDS after the
 *                             last one opened, then closes them. Prints how many opened, how many
 *                             were still open at the end, how many ended or failed early, and
 *                             the comment (heartbeat) lines and events the streams received.
 * async BASE BODY C SECONDS   C clients, each starting an execution (POST BASE/departures with the
 *                             JSON BODY) and polling GET BASE/departures/{id} until it is no longer
 *                             RUNNING, again and again for SECONDS. Prints executions a second,
 *                             polls per execution, and failures.
 * resume URL N                N times, one after the other: opens the stream at URL, reads until
 *                             its second event, hangs up, reconnects with Last-Event-ID set to the
 *                             first event's id and times the first replayed event. Prints ms from
 *                             the reconnect's request to that event: p50 p90 p99 max, then N.
 * </pre>
 * In every URL, {@code ~n} stands for a number from 1000 to 9999 and {@code ~a} for two letters,
 * drawn for each request: a flight {@code OV~n} from airport {@code Z~a} makes each request a
 * different departure with its own forecast, so that coalescing cannot merge their calls.
 */
public class Load {

    public static void main(String[] args) throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setBlockedThreadCheckInterval(60_000)
                .setPreferNativeTransport(true));
        try {
            switch (args[0]) {
                case "rate" -> rate(vertx, URI.create(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                        args.length > 4 ? Integer.parseInt(args[4]) : 0);
                case "overload" -> overload(vertx, URI.create(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                        Integer.parseInt(args[4]));
                case "mixed" -> mixed(vertx, URI.create(args[1]), URI.create(args[2]), Integer.parseInt(args[3]),
                        Integer.parseInt(args[4]));
                case "burst" -> burst(vertx, URI.create(args[1]), Integer.parseInt(args[2]));
                case "streams" -> streams(vertx, URI.create(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
                        Integer.parseInt(args[4]));
                case "async" -> async(vertx, URI.create(args[1]), args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]));
                case "resume" -> resume(vertx, URI.create(args[1]), Integer.parseInt(args[2]));
                default -> throw new IllegalArgumentException("unknown mode " + args[0]);
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private static HttpClient client(Vertx vertx, int connections) {
        return vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true)
                .setConnectTimeout(60_000).setIdleTimeout(0),
                new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
    }

    private static RequestOptions get(URI uri) {
        return new RequestOptions().setMethod(HttpMethod.GET).setHost(uri.getHost()).setPort(uri.getPort())
                .setURI(uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
    }

    /** The request to send next: {@code options}, with each {@code ~n} and {@code ~a} of its URI drawn for it. */
    private static RequestOptions next(RequestOptions options) {
        String uri = options.getURI();
        if (!uri.contains("~")) {
            return options;
        }
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        String letters = new String(new char[] { (char) ('A' + random.nextInt(26)), (char) ('A' + random.nextInt(26)) });
        return new RequestOptions(options).setURI(uri.replace("~n", String.valueOf(random.nextInt(1000, 10000))).replace("~a", letters));
    }

    private static String ms(Histogram h, double percentile) {
        return String.format("%.3f", h.getValueAtPercentile(percentile) / 1000.0);
    }

    static void rate(Vertx vertx, URI uri, int rps, int seconds, int warmupSeconds) throws InterruptedException {
        // Connections for a quarter of a second of requests: enough for the latencies measured
        // here, and a cold start of this generator cannot flood the server with thousands.
        // Requests waiting for a connection are still charged from when they were due.
        HttpClient client = client(vertx, Math.max(64, rps / 4));
        Histogram latency = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
        long warmup = (long) rps * warmupSeconds;
        long total = (long) rps * (warmupSeconds + seconds);
        long intervalNs = 1_000_000_000L / rps;
        AtomicInteger errors = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(1);
        AtomicLong answered = new AtomicLong();
        long start = System.nanoTime() + 100_000_000L;
        RequestOptions options = get(uri);
        openLoop(vertx, start, intervalNs, total, index -> {
            long due = start + index * intervalNs;
            client.request(next(options))
                    .compose(request -> request.send().compose(response -> response.body().map(response.statusCode())))
                    .onComplete(result -> {
                        if (index < warmup) {
                            // not measured
                        } else if (result.failed() || result.result() != 200) {
                            errors.incrementAndGet();
                        } else {
                            latency.recordValue(Math.max(1, (System.nanoTime() - due) / 1000));
                        }
                        if (answered.incrementAndGet() == total) {
                            done.countDown();
                        }
                    });
        });
        awaitAnswers(done, seconds, answered, total);
        double elapsed = (System.nanoTime() - start) / 1e9 - warmupSeconds;
        System.out.println(String.join(" ", ms(latency, 50), ms(latency, 90), ms(latency, 99), ms(latency, 99.9),
                ms(latency, 100), String.valueOf(latency.getTotalCount()), String.valueOf(errors.get()),
                String.format("%.0f", (answered.get() - warmup) / elapsed)));
    }

    /** Calls {@code send} with the index of each request when it is due, one every {@code intervalNs} from {@code start}. */
    private static void openLoop(Vertx vertx, long start, long intervalNs, long total, java.util.function.LongConsumer send) {
        AtomicLong sent = new AtomicLong();
        vertx.runOnContext(v -> vertx.setPeriodic(1, id -> {
            long now = System.nanoTime();
            while (sent.get() < total && start + sent.get() * intervalNs <= now) {
                send.accept(sent.getAndIncrement());
            }
            if (sent.get() >= total) {
                vertx.cancelTimer(id);
            }
        }));
    }

    private static void awaitAnswers(CountDownLatch done, int seconds, AtomicLong answered, long total) throws InterruptedException {
        if (!done.await(seconds + 120L, TimeUnit.SECONDS)) {
            System.err.println("not all answered: " + answered.get() + " of " + total);
        }
    }

    static void overload(Vertx vertx, URI uri, int rps, int seconds, int deadlineMs) throws InterruptedException {
        // Connections: a quarter of a second's worth, or -Dconnections.
        HttpClient client = client(vertx, Integer.getInteger("connections", Math.max(64, rps / 4)));
        Histogram shed = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
        Histogram shedSent = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
        long lateUs = deadlineMs * 1100L;
        long total = (long) rps * seconds;
        long intervalNs = 1_000_000_000L / rps;
        java.util.Map<String, Integer> answers = new java.util.TreeMap<>();
        long[] counts = new long[4]; // in time, late, circuit-open parts, latest µs
        AtomicLong answered = new AtomicLong();
        CountDownLatch done = new CountDownLatch(1);
        long start = System.nanoTime() + 100_000_000L;
        RequestOptions options = get(uri);
        openLoop(vertx, start, intervalNs, total, index -> {
            long due = start + index * intervalNs;
            long[] sentAt = {0};
            client.request(next(options))
                    .compose(request -> {
                        sentAt[0] = System.nanoTime();
                        return request.send().compose(response -> response.body()
                                .map(body -> response.statusCode() + " " + body));
                    })
                    .onComplete(result -> {
                        long answeredAt = System.nanoTime();
                        long us = Math.max(1, (answeredAt - due) / 1000);
                        String kind;
                        if (result.failed()) {
                            kind = "error";
                        } else {
                            String answer = result.result();
                            kind = kind(answer);
                            if (answer.contains("\"circuit-open\"")) {
                                counts[2]++;
                            }
                        }
                        answers.merge(kind, 1, Integer::sum);
                        if (kind.equals("503:overloaded")) {
                            shed.recordValue(us);
                            shedSent.recordValue(Math.max(1, (answeredAt - sentAt[0]) / 1000));
                        }
                        if (us > lateUs) {
                            counts[1]++;
                        } else if (kind.equals("200")) {
                            counts[0]++;
                        }
                        counts[3] = Math.max(counts[3], us);
                        if (answered.incrementAndGet() == total) {
                            done.countDown();
                        }
                    });
        });
        awaitAnswers(done, seconds, answered, total);
        CountDownLatch read = new CountDownLatch(1);
        String[] line = new String[1];
        vertx.runOnContext(v -> {
            line[0] = String.format("answers %s in-time %.1f%% shed %.1f%% shed-ms %s %s %s shed-from-sent-ms %s %s %s circuit-open-parts %d late %d latest-ms %d",
                    answers.toString().replace(" ", ""), 100.0 * counts[0] / total,
                    100.0 * answers.getOrDefault("503:overloaded", 0) / total, ms(shed, 50), ms(shed, 99), ms(shed, 100),
                    ms(shedSent, 50), ms(shedSent, 99), ms(shedSent, 100), counts[2], counts[1], counts[3] / 1000);
            read.countDown();
        });
        read.await();
        System.out.println(line[0]);
    }

    static void mixed(Vertx vertx, URI uri, URI bad, int n, int concurrency) throws InterruptedException {
        HttpClient client = client(vertx, concurrency);
        RequestOptions good = get(uri);
        RequestOptions refused = get(bad);
        java.util.Map<String, Integer> answers = new java.util.TreeMap<>();
        AtomicLong started = new AtomicLong();
        long[] latestUs = { 0 };
        CountDownLatch done = new CountDownLatch(n);
        Runnable[] one = new Runnable[1];
        one[0] = () -> {
            long index = started.getAndIncrement();
            if (index >= n) {
                return;
            }
            long begun = System.nanoTime();
            client.request(next(index % 2 == 0 ? good : refused))
                    .compose(request -> request.send().compose(response -> response.body()
                            .map(body -> response.statusCode() + " " + body)))
                    .onComplete(result -> {
                        answers.merge(result.failed() ? "error" : kind(result.result()), 1, Integer::sum);
                        latestUs[0] = Math.max(latestUs[0], (System.nanoTime() - begun) / 1000);
                        done.countDown();
                        one[0].run();
                    });
        };
        vertx.runOnContext(v -> {
            for (int i = 0; i < concurrency; i++) {
                one[0].run();
            }
        });
        if (!done.await(600, TimeUnit.SECONDS)) {
            System.err.println("not all answered: " + done.getCount() + " outstanding");
        }
        CountDownLatch read = new CountDownLatch(1);
        String[] line = new String[1];
        vertx.runOnContext(v -> {
            line[0] = String.format("answers %s shed %.1f%% latest-ms %d", answers.toString().replace(" ", ""),
                    100.0 * answers.getOrDefault("503:overloaded", 0) / n, latestUs[0] / 1000);
            read.countDown();
        });
        read.await();
        System.out.println(line[0]);
    }

    /** An answer's status, with its problem type's last word when it is a problem: {@code 503:overloaded}. */
    private static String kind(String answer) {
        String status = answer.substring(0, 3);
        int type = answer.indexOf("\"type\"");
        if (status.equals("200") || type < 0) {
            return status;
        }
        int open = answer.indexOf('"', type + 7) + 1;
        return status + ":" + answer.substring(open, answer.indexOf('"', open)).replaceAll(".*[/:]", "");
    }

    static void burst(Vertx vertx, URI uri, int n) throws InterruptedException {
        HttpClient client = client(vertx, n);
        Histogram latency = new Histogram(TimeUnit.SECONDS.toMicros(300), 3);
        int[] statuses = new int[600];
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        AtomicLong last = new AtomicLong();
        AtomicLong lastSent = new AtomicLong();
        Histogram fromSent = new Histogram(TimeUnit.SECONDS.toMicros(300), 3);
        CountDownLatch done = new CountDownLatch(n);
        RequestOptions options = get(uri);
        long start = System.nanoTime();
        vertx.runOnContext(v -> {
            for (int i = 0; i < n; i++) {
                long begun = System.nanoTime();
                peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                long[] sentAt = { 0 };
                client.request(next(options))
                        .compose(request -> {
                            // Connected: the request goes out now.
                            sentAt[0] = System.nanoTime();
                            lastSent.accumulateAndGet(sentAt[0], Math::max);
                            return request.send().compose(response -> response.body().map(response.statusCode()));
                        })
                        .onComplete(result -> {
                            inFlight.decrementAndGet();
                            long now = System.nanoTime();
                            last.set(now);
                            if (result.succeeded()) {
                                statuses[result.result()]++;
                                latency.recordValue((now - begun) / 1000);
                                fromSent.recordValue((now - sentAt[0]) / 1000);
                            } else {
                                failures.incrementAndGet();
                            }
                            done.countDown();
                        });
            }
        });
        if (!done.await(300, TimeUnit.SECONDS)) {
            System.err.println("not all answered: " + done.getCount() + " outstanding");
        }
        List<String> byStatus = new ArrayList<>();
        for (int s = 0; s < statuses.length; s++) {
            if (statuses[s] > 0) {
                byStatus.add(s + ":" + statuses[s]);
            }
        }
        System.out.println("answers " + String.join(",", byStatus) + " failures " + failures.get() + " peak-in-flight " + peak.get()
                + " last-answer-s " + String.format("%.2f", (last.get() - start) / 1e9)
                + " p50-ms " + ms(latency, 50) + " p99-ms " + ms(latency, 99) + " max-ms " + ms(latency, 100)
                + " last-sent-s " + String.format("%.2f", (lastSent.get() - start) / 1e9)
                + " from-sent-p50-ms " + ms(fromSent, 50) + " from-sent-max-ms " + ms(fromSent, 100));
    }

    static void streams(Vertx vertx, URI uri, int n, int holdSeconds, int ratePerSecond) throws InterruptedException {
        HttpClient client = client(vertx, n);
        AtomicInteger opened = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger endedEarly = new AtomicInteger();
        AtomicLong comments = new AtomicLong();
        AtomicLong events = new AtomicLong();
        int[] heartbeats = new int[n];
        boolean[] open = new boolean[n];
        List<io.vertx.core.http.HttpConnection> connections = new ArrayList<>();
        List<String> samples = new ArrayList<>();
        RequestOptions options = get(uri).putHeader("Accept", "text/event-stream");
        long intervalNs = 1_000_000_000L / ratePerSecond;
        long start = System.nanoTime();
        AtomicInteger launched = new AtomicInteger();
        CountDownLatch allLaunched = new CountDownLatch(1);
        vertx.runOnContext(v -> vertx.setPeriodic(1, id -> {
            long now = System.nanoTime();
            while (launched.get() < n && start + launched.get() * intervalNs <= now) {
                int index = launched.getAndIncrement();
                client.request(next(options)).compose(request -> request.send()).onComplete(result -> {
                    if (result.failed() || result.result().statusCode() != 200) {
                        refused.incrementAndGet();
                        return;
                    }
                    opened.incrementAndGet();
                    open[index] = true;
                    connections.add(result.result().request().connection());
                    result.result().handler(new LineCounter(line -> {
                        if (line.startsWith(":")) {
                            comments.incrementAndGet();
                            heartbeats[index]++;
                        } else if (line.startsWith("event:")) {
                            events.incrementAndGet();
                        } else if (line.startsWith("data:") && !line.contains("\"outcome\":\"ok\",\"attempts\":1,")
                                && !line.startsWith("data:{\"id\":") && samples.size() < 3) {
                            samples.add(line);
                        }
                    }));
                    result.result().endHandler(end -> {
                        if (open[index]) {
                            open[index] = false;
                            endedEarly.incrementAndGet();
                        }
                    });
                    result.result().exceptionHandler(error -> {
                        if (open[index]) {
                            open[index] = false;
                            endedEarly.incrementAndGet();
                        }
                    });
                });
            }
            if (launched.get() >= n) {
                vertx.cancelTimer(id);
                allLaunched.countDown();
            }
        }));
        allLaunched.await();
        Thread.sleep(TimeUnit.SECONDS.toMillis(holdSeconds));
        CountDownLatch counted = new CountDownLatch(1);
        int[] stillOpen = new int[1];
        int[] sorted = new int[n];
        vertx.runOnContext(v -> {
            for (int i = 0; i < n; i++) {
                if (open[i]) {
                    stillOpen[0]++;
                    open[i] = false;
                }
            }
            System.arraycopy(heartbeats, 0, sorted, 0, n);
            connections.forEach(io.vertx.core.http.HttpConnection::close);
            counted.countDown();
        });
        counted.await();
        Arrays.sort(sorted);
        System.out.println("opened " + opened.get() + " refused " + refused.get() + " open-at-end " + stillOpen[0]
                + " ended-early " + endedEarly.get() + " events " + events.get() + " heartbeats " + comments.get()
                + " heartbeats-per-stream-min " + (opened.get() == 0 ? 0 : sorted[n - opened.get()])
                + " median " + (opened.get() == 0 ? 0 : sorted[n - 1 - opened.get() / 2]));
        samples.forEach(sample -> System.err.println("first events that are not a first-attempt success: " + sample));
    }

    /** Splits a response body into lines and hands each to the consumer. */
    private static final class LineCounter implements io.vertx.core.Handler<Buffer> {
        private final java.util.function.Consumer<String> consumer;
        private final StringBuilder pending = new StringBuilder();

        LineCounter(java.util.function.Consumer<String> consumer) {
            this.consumer = consumer;
        }

        @Override
        public void handle(Buffer buffer) {
            pending.append(buffer.toString());
            int newline;
            while ((newline = pending.indexOf("\n")) >= 0) {
                consumer.accept(pending.substring(0, newline));
                pending.delete(0, newline + 1);
            }
        }
    }

    static void async(Vertx vertx, URI base, String body, int clients, int seconds) throws InterruptedException {
        HttpClient client = client(vertx, clients);
        AtomicLong executions = new AtomicLong();
        AtomicLong polls = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        CountDownLatch done = new CountDownLatch(clients);
        RequestOptions post = new RequestOptions().setMethod(HttpMethod.POST).setHost(base.getHost()).setPort(base.getPort())
                .setURI("/departures").putHeader("Content-Type", "application/json");
        for (int i = 0; i < clients; i++) {
            vertx.runOnContext(v -> startOne(client, base, post, body, end, executions, polls, failures, done));
        }
        done.await();
        System.out.printf("executions-per-s %.1f polls-per-execution %.2f failures %d%n", executions.get() / (double) seconds,
                executions.get() == 0 ? 0.0 : polls.get() / (double) executions.get(), failures.get());
    }

    private static void startOne(HttpClient client, URI base, RequestOptions post, String body, long end, AtomicLong executions,
            AtomicLong polls, AtomicLong failures, CountDownLatch done) {
        if (System.nanoTime() >= end) {
            done.countDown();
            return;
        }
        client.request(post).compose(request -> request.send(body)).compose(response -> response.body().map(b -> {
            if (response.statusCode() != 202) {
                throw new IllegalStateException("HTTP " + response.statusCode());
            }
            return field(b.toString(), "id");
        })).onComplete(started -> {
            if (started.failed()) {
                failures.incrementAndGet();
                startOne(client, base, post, body, end, executions, polls, failures, done);
            } else {
                pollOne(client, base, started.result(), post, body, end, executions, polls, failures, done);
            }
        });
    }

    private static void pollOne(HttpClient client, URI base, String id, RequestOptions post, String body, long end,
            AtomicLong executions, AtomicLong polls, AtomicLong failures, CountDownLatch done) {
        client.request(get(base.resolve("/departures/" + id))).compose(request -> request.send())
                .compose(response -> response.body()).onComplete(polled -> {
                    polls.incrementAndGet();
                    if (polled.failed()) {
                        failures.incrementAndGet();
                        startOne(client, base, post, body, end, executions, polls, failures, done);
                    } else if ("RUNNING".equals(field(polled.result().toString(), "status"))) {
                        pollOne(client, base, id, post, body, end, executions, polls, failures, done);
                    } else {
                        executions.incrementAndGet();
                        startOne(client, base, post, body, end, executions, polls, failures, done);
                    }
                });
    }

    /** The value of the first string member {@code name} of a JSON document, found by hand. */
    private static String field(String json, String name) {
        String key = "\"" + name + "\":\"";
        int at = json.indexOf(key);
        return at < 0 ? null : json.substring(at + key.length(), json.indexOf('"', at + key.length()));
    }

    static void resume(Vertx vertx, URI uri, int n) throws Exception {
        HttpClient client = client(vertx, 4);
        Histogram latencies = new Histogram(TimeUnit.MINUTES.toMicros(1), 3);
        for (int i = 0; i < n; i++) {
            java.util.concurrent.CompletableFuture<String> first = new java.util.concurrent.CompletableFuture<>();
            vertx.runOnContext(v -> client.request(get(uri).putHeader("Accept", "text/event-stream"))
                    .compose(request -> request.send()).onComplete(opened -> {
                        if (opened.failed()) {
                            first.completeExceptionally(opened.cause());
                            return;
                        }
                        String[] firstId = new String[1];
                        int[] events = new int[1];
                        opened.result().handler(new LineCounter(line -> {
                            if (line.startsWith("id:") && firstId[0] == null) {
                                firstId[0] = line.substring(3).trim();
                            } else if (line.startsWith("event:") && ++events[0] == 2) {
                                opened.result().request().connection().close();
                                first.complete(firstId[0]);
                            }
                        }));
                    }));
            String lastEventId = first.get(30, TimeUnit.SECONDS);
            java.util.concurrent.CompletableFuture<Long> replayed = new java.util.concurrent.CompletableFuture<>();
            vertx.runOnContext(v -> {
                long sent = System.nanoTime();
                client.request(get(uri).putHeader("Accept", "text/event-stream").putHeader("Last-Event-ID", lastEventId))
                        .compose(request -> request.send()).onComplete(opened -> {
                            if (opened.failed()) {
                                replayed.completeExceptionally(opened.cause());
                                return;
                            }
                            opened.result().handler(new LineCounter(line -> {
                                if (line.startsWith("event:") && !replayed.isDone()) {
                                    replayed.complete(System.nanoTime() - sent);
                                    opened.result().request().connection().close();
                                }
                            }));
                        });
            });
            latencies.recordValue(Math.max(1, replayed.get(30, TimeUnit.SECONDS) / 1000));
        }
        System.out.println(ms(latencies, 50) + " " + ms(latencies, 90) + " " + ms(latencies, 99) + " "
                + String.format("%.3f", latencies.getMaxValue() / 1000.0) + " " + latencies.getTotalCount());
    }
}
