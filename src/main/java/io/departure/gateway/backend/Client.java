package io.departure.gateway.backend;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import io.departure.gateway.observability.TraceContext;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.impl.CloseFuture;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientRequest;
import io.vertx.mutiny.core.http.HttpClientResponse;

/**
 * Every call to one backend, JSON and event streams alike, on Vert.x HTTP clients (one per event
 * loop, so that each connection pool stays small: a pool looks at all its connections to choose
 * one). Every call tells the backend its budget ({@link Budget#HEADER}); cancelling a call resets
 * its request, which closes its HTTP/1.1 connection or resets its HTTP/2 stream, so the backend
 * sees the call abandoned. Answers over {@link #MAX_BYTES} are refused before they are decoded.
 */
public final class Client {

    public static final int MAX_BYTES = 1024 * 1024;
    /** The header that makes a repeated call that creates something find what the first made. */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** The header that resumes an event stream after the last event received. */
    public static final String LAST_EVENT_ID = "Last-Event-ID";

    /** An answer with a status other than 2xx. */
    public static final class UnexpectedStatus extends RuntimeException {
        private final int status;

        UnexpectedStatus(int status) {
            super("HTTP " + status, null, false, false);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    /** An answer larger than {@link #MAX_BYTES}. */
    public static final class TooLarge extends IOException {
        TooLarge(String message) {
            super(message);
        }
    }

    private final Vertx vertx;
    private final HttpClientOptions clientOptions;
    private final PoolOptions poolOptions;
    /** Calls made off the event loops (compensations retried on worker threads). */
    private final HttpClient shared;
    private final ThreadLocal<HttpClient> perEventLoop = ThreadLocal.withInitial(this::newClient);
    private final List<HttpClient> clients = new CopyOnWriteArrayList<>();
    /** Where calls go: the backend's base URL, or for a while a stand-in for it ({@link #redirect}). */
    private final Target base;
    private volatile Target target;
    private final ObjectMapper mapper;
    private final Map<Class<?>, ObjectReader> readers = new ConcurrentHashMap<>();

    /** How a backend's connections are made and kept. */
    record Pool(Duration connectTimeout, int size, Duration idle) {
    }

    /** A base URL's parts. */
    private record Target(String host, int port, boolean ssl, String path) {
        static Target of(URI base) {
            boolean ssl = "https".equalsIgnoreCase(base.getScheme());
            String path = base.getRawPath() == null ? "" : base.getRawPath();
            return new Target(base.getHost(), base.getPort() > 0 ? base.getPort() : ssl ? 443 : 80, ssl,
                    path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
        }
    }

    Client(Vertx vertx, ObjectMapper mapper, URI base, Pool pool, boolean http2) {
        this.mapper = mapper;
        this.base = this.target = Target.of(base);
        boolean ssl = this.base.ssl();
        this.vertx = vertx;
        this.clientOptions = new HttpClientOptions()
                .setSsl(ssl)
                .setKeepAlive(true)
                .setKeepAliveTimeout((int) Math.max(1, pool.idle().toSeconds()))
                .setConnectTimeout((int) pool.connectTimeout().toMillis())
                .setTcpNoDelay(true);
        if (http2) {
            // HTTP/2 from the first byte: ALPN over TLS, prior knowledge in clear text (no
            // upgrade round trip). Calls share connections up to the streams the backend allows
            // on each; the pool opens another when none has a free stream, up to its size.
            clientOptions.setProtocolVersion(HttpVersion.HTTP_2).setUseAlpn(ssl).setHttp2ClearTextUpgrade(false);
        }
        this.poolOptions = new PoolOptions().setHttp1MaxSize(pool.size()).setHttp2MaxSize(pool.size()).setMaxWaitQueueSize(-1);
        this.shared = newClient();
    }

    private HttpClient newClient() {
        // Closed by close() when the application stops. Made the ordinary way on a request's event
        // loop, a client would belong to the HTTP server's deployment and be closed with it at
        // shutdown, before the compensations (a watch's release) that shutdown still runs.
        HttpClient client = HttpClient.newInstance(
                ((VertxInternal) vertx.getDelegate()).createHttpPoolClient(clientOptions, poolOptions, new CloseFuture()));
        clients.add(client);
        return client;
    }

    private HttpClient client() {
        return Context.isOnEventLoopThread() ? perEventLoop.get() : shared;
    }

    /** A path segment or query value, percent-encoded. */
    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** GET {@code pathAndQuery} (below the base URL), expecting 2xx and a JSON body of {@code type}. */
    public <T> Uni<T> get(String pathAndQuery, Duration budget, Class<T> type) {
        return json(HttpMethod.GET, pathAndQuery, budget, type);
    }

    /** The same with any method; {@code Void.class} or an empty body yields null. */
    public <T> Uni<T> json(HttpMethod method, String pathAndQuery, Duration budget, Class<T> type) {
        return json(method, pathAndQuery, budget, type, null);
    }

    /**
     * The same for a call that creates something, sending {@code idempotencyKey} (when not null)
     * as {@value #IDEMPOTENCY_KEY}: a backend that honours it answers a repeat with what the first made.
     */
    public <T> Uni<T> json(HttpMethod method, String pathAndQuery, Duration budget, Class<T> type, String idempotencyKey) {
        RequestOptions options = options(method, pathAndQuery, budget, "application/json");
        if (idempotencyKey != null) {
            options.putHeader(IDEMPOTENCY_KEY, idempotencyKey);
        }
        return exchange(options, response -> Answers.body(response).map(body -> decode(body, type)));
    }

    /**
     * POSTs {@code body} (JSON) with {@code headers} to {@code pathAndQuery}, connecting to
     * {@code server} (an address already resolved and checked) while naming the base URL's host;
     * the Uni ends when the backend has answered 2xx and its answer (read up to the limit, then
     * dropped) is in.
     */
    public Uni<Void> post(String pathAndQuery, Duration budget, Buffer body, Map<String, String> headers, SocketAddress server) {
        RequestOptions options = options(HttpMethod.POST, pathAndQuery, budget, "*/*").setServer(server)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        headers.forEach(options::putHeader);
        return exchange(options, request -> request.send(body), response -> Answers.body(response).replaceWithVoid());
    }

    /**
     * Opens a {@code text/event-stream} at {@code path}: the Uni ends when the backend has
     * answered 2xx (within {@code budget}); the stream's events then come for as long as the
     * backend sends them, and cancelling them closes the connection.
     *
     * @param quiet how long the open stream may go without a byte before it is closed
     * @param lastEventId the last event received before, sent as {@value #LAST_EVENT_ID} so that a
     *        stream opened again resumes after it; null for a stream opened afresh
     */
    public Uni<Multi<ServerSentEvent>> events(String path, Duration budget, Duration quiet, String lastEventId) {
        RequestOptions options = options(HttpMethod.GET, path, budget, "text/event-stream");
        if (lastEventId != null) {
            options.putHeader(LAST_EVENT_ID, lastEventId);
        }
        return exchange(options, response -> {
            ServerSentEvent.Parser parser = new ServerSentEvent.Parser(MAX_BYTES);
            HttpClientRequest request = response.request();
            // Paused until the events are subscribed to, so that none is lost meanwhile.
            request.idleTimeout(Math.max(1, quiet.toMillis()));
            response.pause();
            return Uni.createFrom().item(response.toMulti()
                    .onItem().transformToIterable(chunk -> parser.feed(chunk.getDelegate()))
                    .onCancellation().invoke(() -> abandon(request)));
        });
    }

    /** A request below the base URL, accepting {@code accept}, in its caller's trace, telling and idling out with its budget. */
    private RequestOptions options(HttpMethod method, String pathAndQuery, Duration budget, String accept) {
        Target to = target;
        return TraceContext.propagate(new RequestOptions()
                .setMethod(method)
                .setHost(to.host())
                .setPort(to.port())
                .setSsl(to.ssl())
                .setURI(to.path() + pathAndQuery)
                .setIdleTimeout(Math.max(1, budget.toMillis()))
                .putHeader(HttpHeaders.ACCEPT, accept)
                .putHeader(Budget.HEADER, Long.toString(budget.toMillis())));
    }

    /**
     * Sends a request and reads its response with {@code read} once the status is 2xx (other
     * statuses fail the call). Cancelling it resets the request once it exists; a request
     * obtained after the cancellation is reset by its idle timeout, the call's budget.
     */
    private <T> Uni<T> exchange(RequestOptions options, Function<HttpClientResponse, Uni<T>> read) {
        return exchange(options, HttpClientRequest::send, read);
    }

    /** The same, sending the request as {@code send} does (with a body). */
    private <T> Uni<T> exchange(RequestOptions options, Function<HttpClientRequest, Uni<HttpClientResponse>> send,
            Function<HttpClientResponse, Uni<T>> read) {
        return request(options)
                .onItem().transformToUni(request -> send.apply(request)
                        .onItem().transformToUni(response -> read.apply(Answers.successful(response)))
                        .onCancellation().invoke(() -> abandon(request)));
    }

    /**
     * A request from the pool. Its failures reach the caller through its response, so none is
     * left for the HTTP client to log; one that comes once its caller has gone (given up while it
     * waited for a connection) is reset at once, not left to its idle timeout.
     */
    private Uni<HttpClientRequest> request(RequestOptions options) {
        return Uni.createFrom().emitter(emitter -> {
            AtomicBoolean gone = new AtomicBoolean();
            emitter.onTermination(() -> gone.set(true));
            client().getDelegate().request(options).onComplete(made -> {
                if (made.failed()) {
                    emitter.fail(made.cause());
                    return;
                }
                made.result().exceptionHandler(reported -> {
                });
                if (gone.get()) {
                    made.result().reset();
                } else {
                    emitter.complete(HttpClientRequest.newInstance(made.result()));
                }
            });
        });
    }

    /**
     * Resets a request whose caller has gone: its connection is closed (HTTP/1.1) or its stream
     * reset (HTTP/2). The failure the reset causes is the end asked for, not one to report.
     */
    static void abandon(HttpClientRequest request) {
        io.vertx.core.http.HttpClientResponse response = request.getDelegate().response().result();
        if (response != null) {
            response.exceptionHandler(expected -> {
            });
        }
        request.reset();
    }

    private <T> T decode(Buffer body, Class<T> type) {
        if (type == Void.class || body.length() == 0) {
            return null;
        }
        try {
            return readers.computeIfAbsent(type, mapper::readerFor).readValue(body.getBytes());
        } catch (IOException e) {
            throw new InvalidAnswer(e);
        }
    }

    /** An answer that is not JSON of the expected shape. */
    static final class InvalidAnswer extends RuntimeException {
        InvalidAnswer(IOException cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }

    /** Sends the calls made from now on to {@code standIn} (null: to the base URL again). */
    void redirect(URI standIn) {
        target = standIn == null ? base : Target.of(standIn);
    }

    void close() {
        clients.forEach(HttpClient::close);
    }
}
