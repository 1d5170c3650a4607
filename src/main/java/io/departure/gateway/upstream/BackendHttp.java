package io.departure.gateway.upstream;

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
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * JSON calls to one backend on Vert.x HTTP clients, one per event loop. Every call
 * tells the backend its budget ({@link Budget#HEADER}); cancelling the returned Uni resets the
 * request, which closes its HTTP/1.1 connection or resets its HTTP/2 stream, so the backend sees
 * the call abandoned. Answers over
 * {@link #MAX_BYTES} are refused as they arrive, before anything is decoded.
 *
 * <p>
 * It replaced the REST client on the departure path, whose JAX-RS layers around the same
 * Vert.x client cost CPU on every call (the README's Benchmarks section has the figures).
 * A client per event loop keeps each connection pool small: Vert.x 4's pool scans all of its
 * connections to choose one, so one shared pool made every call dearer as connections piled up.
 */
public final class BackendHttp {

    public static final int MAX_BYTES = 1024 * 1024;

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
    private final String host;
    private final int port;
    private final boolean ssl;
    private final String basePath;
    private final ObjectMapper mapper;
    private final Map<Class<?>, ObjectReader> readers = new ConcurrentHashMap<>();

    BackendHttp(Vertx vertx, ObjectMapper mapper, URI base, int poolSize, Duration connectTimeout, Duration idleTimeout,
            boolean http2) {
        this.mapper = mapper;
        this.ssl = "https".equalsIgnoreCase(base.getScheme());
        this.host = base.getHost();
        this.port = base.getPort() > 0 ? base.getPort() : ssl ? 443 : 80;
        String path = base.getRawPath() == null ? "" : base.getRawPath();
        this.basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        this.vertx = vertx;
        this.clientOptions = new HttpClientOptions()
                .setSsl(ssl)
                .setKeepAlive(true)
                .setKeepAliveTimeout((int) Math.max(1, idleTimeout.toSeconds()))
                .setConnectTimeout((int) connectTimeout.toMillis())
                .setTcpNoDelay(true);
        if (http2) {
            // HTTP/2 from the first byte: ALPN over TLS, prior knowledge in clear text (no
            // upgrade round trip). Calls share connections up to the streams the backend allows
            // on each; the pool opens another when none has a free stream (under load from cold,
            // also while the first ones are still connecting), up to poolSize.
            clientOptions.setProtocolVersion(HttpVersion.HTTP_2).setUseAlpn(ssl).setHttp2ClearTextUpgrade(false);
        }
        this.poolOptions = new PoolOptions().setHttp1MaxSize(poolSize).setHttp2MaxSize(poolSize).setMaxWaitQueueSize(-1);
        this.shared = newClient();
    }

    private HttpClient newClient() {
        HttpClient client = vertx.createHttpClient(clientOptions, poolOptions);
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
        return call(HttpMethod.GET, pathAndQuery, budget, type);
    }

    /** The same with any method; {@code Void.class} or an empty body yields null. */
    public <T> Uni<T> call(HttpMethod method, String pathAndQuery, Duration budget, Class<T> type) {
        RequestOptions options = new RequestOptions()
                .setMethod(method)
                .setHost(host)
                .setPort(port)
                .setSsl(ssl)
                .setURI(basePath + pathAndQuery)
                .putHeader(HttpHeaders.ACCEPT, "application/json")
                .putHeader(Budget.HEADER, Long.toString(budget.toMillis()));
        return Uni.createFrom().emitter(emitter -> {
            // The request in flight, until its answer is complete; whoever takes it resets it.
            AtomicReference<HttpClientRequest> inFlight = new AtomicReference<>();
            AtomicBoolean ended = new AtomicBoolean();
            emitter.onTermination(() -> {
                ended.set(true);
                reset(inFlight.getAndSet(null));
            });
            client().request(options).onComplete(requested -> {
                if (requested.failed()) {
                    emitter.fail(requested.cause());
                    return;
                }
                HttpClientRequest request = requested.result();
                inFlight.set(request);
                if (ended.get()) {
                    reset(inFlight.getAndSet(null));
                    return;
                }
                request.send().onComplete(answered -> {
                    if (answered.failed()) {
                        emitter.fail(answered.cause());
                    } else {
                        receive(answered.result(), type, inFlight, emitter);
                    }
                });
            });
        });
    }

    private <T> void receive(HttpClientResponse response, Class<T> type, AtomicReference<HttpClientRequest> inFlight,
            UniEmitter<? super T> emitter) {
        int status = response.statusCode();
        if (status < 200 || status >= 300) {
            // The body is not read; the connection stays in the pool once it has arrived.
            inFlight.set(null);
            emitter.fail(new UnexpectedStatus(status));
            return;
        }
        String declared = response.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared != null && parseLength(declared) > MAX_BYTES) {
            emitter.fail(new TooLarge("answer of " + declared + " bytes is over the limit of " + MAX_BYTES));
            return;
        }
        Buffer body = Buffer.buffer();
        response.exceptionHandler(emitter::fail);
        response.handler(chunk -> {
            body.appendBuffer(chunk);
            if (body.length() > MAX_BYTES) {
                emitter.fail(new TooLarge("answer is over the limit of " + MAX_BYTES + " bytes"));
            }
        });
        response.endHandler(done -> {
            inFlight.set(null);
            if (type == Void.class || body.length() == 0) {
                emitter.complete(null);
                return;
            }
            try {
                emitter.complete(readers.computeIfAbsent(type, mapper::readerFor).readValue(body.getBytes()));
            } catch (IOException | RuntimeException e) {
                emitter.fail(e);
            }
        });
    }

    private static void reset(HttpClientRequest request) {
        if (request != null) {
            request.reset();
        }
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    void close() {
        clients.forEach(HttpClient::close);
    }
}
