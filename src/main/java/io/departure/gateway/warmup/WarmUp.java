package io.departure.gateway.warmup;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.departure.gateway.backend.Backends;
import io.departure.gateway.execution.ExecutionStore;
import io.departure.gateway.execution.WarmingStore;
import io.departure.gateway.problem.Problem;
import io.departure.gateway.problem.ProblemMapper;
import io.quarkus.cache.Cache;
import io.quarkus.cache.CacheName;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.HttpServerStart;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The warm-up before readiness ({@code departure.warm-up.duration}): a fresh JVM runs its first
 * thousands of departures interpreted while it compiles them, on the cores that serve, so it
 * answers a fifth of its warm rate in its first seconds. With a warm-up, once the HTTP server
 * listens the process asks itself departures ({@link WarmUpLoad}) for that long, on stand-ins for
 * the backends ({@link StandIns}), through everything a caller's departure goes through (the HTTP
 * server, authentication, the resource, the engine, the backend clients, JSON), and reports
 * itself ready only then. Nothing of it is left behind: no call reaches a backend, its executions
 * live in a store of their own ({@link WarmingStore}), the forecasts it cached are dropped, and
 * its steps are not in the step metrics. Until it is over, every other request but the health
 * and metrics endpoints is answered {@code 503 warming-up} with {@code Retry-After}: a load
 * balancer sends none, the process not being ready.
 */
@Singleton
public class WarmUp {

    /** The header that carries the warm-up's token: a request with it is one of the warm-up's own. */
    static final String HEADER = "Departure-Warm-Up";
    /** The routing context's key that marks one of the warm-up's own requests. */
    public static final String ADMITTED = "departure.warm-up";
    private static final Logger LOG = Logger.getLogger(WarmUp.class);

    private final WarmUpConfig config;
    private final Vertx vertx;
    private final Backends backends;
    private final ExecutionStore store;
    private final Cache lastGood;
    private final String warmingUp;
    /** A secret of this process: only its own warm-up's requests carry it. */
    private final String token;
    private final byte[] secret;
    private final AtomicBoolean begun = new AtomicBoolean();
    private volatile boolean warming;
    private volatile long answered;
    private volatile WarmUpLoad load;
    private volatile Route gate;

    WarmUp(WarmUpConfig config, Vertx vertx, Backends backends, ExecutionStore store, @CacheName("forecast-last-good") Cache lastGood,
            ObjectMapper json) {
        this.config = config;
        this.vertx = vertx;
        this.backends = backends;
        this.store = store;
        this.lastGood = lastGood;
        this.warming = !config.duration().isZero();
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        this.token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        this.secret = token.getBytes(StandardCharsets.US_ASCII);
        this.warmingUp = ProblemMapper.encode(json, Problem.of("warming-up", "Warming up", 503,
                "the gateway is warming up and not ready yet; try again shortly or another replica"));
    }

    /** While warming up, before every route: the warm-up's own requests go on, the others are refused. */
    void routes(@Observes Router router) {
        if (warming) {
            gate = router.route().order(Integer.MIN_VALUE + 1).handler(this::gate);
        }
    }

    private void gate(RoutingContext routing) {
        if (warming && !routing.normalizedPath().startsWith("/q/")) {
            if (!own(routing)) {
                routing.response().setStatusCode(503).putHeader("Retry-After", "1").putHeader("Content-Type", Problem.MEDIA_TYPE)
                        .end(warmingUp);
                return;
            }
            routing.put(ADMITTED, Boolean.TRUE);
        }
        routing.next();
    }

    /** The token, on a connection from this machine to itself. */
    private boolean own(RoutingContext routing) {
        String offered = routing.request().getHeader(HEADER);
        SocketAddress from = routing.request().remoteAddress();
        SocketAddress to = routing.request().localAddress();
        return offered != null && MessageDigest.isEqual(secret, offered.getBytes(StandardCharsets.US_ASCII))
                && from != null && to != null && from.hostAddress().equals(to.hostAddress());
    }

    /** Whether {@code routing} is one of the warm-up's departures: authentication, limits and shedding let it through. */
    public boolean admitted(RoutingContext routing) {
        return warming && routing.get(ADMITTED) != null;
    }

    /** Whether the process is still warming up: what it does now is not counted as callers' departures. */
    public boolean warming() {
        return warming;
    }

    /** A warm-up that could not start, or does not end, leaves the process ready without it. */
    void started(@Observes StartupEvent event) {
        if (warming) {
            vertx.setTimer(config.duration().plusSeconds(30).toMillis(), ignored -> {
                WarmUpLoad running = load;
                if (running != null) {
                    running.stop();
                } else if (warming && begun.compareAndSet(false, true)) {
                    end(System.nanoTime(), 0, new IllegalStateException("the HTTP server did not start listening in time"));
                }
            });
        }
    }

    void serverStarted(@ObservesAsync HttpServerStart start) {
        if (warming && begun.compareAndSet(false, true)) {
            String host = start.options().getHost();
            begin(host == null || host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]") ? "127.0.0.1" : host,
                    start.options().getPort());
        }
    }

    private void begin(String host, int port) {
        long started = System.nanoTime();
        LOG.infof("warming up for %s before reporting ready", config.duration());
        StandIns.start(vertx).onComplete(standing -> {
            if (standing.failed()) {
                end(started, 0, standing.cause());
                return;
            }
            StandIns standIns = standing.result();
            backends.redirect(URI.create("http://127.0.0.1:" + standIns.port()));
            load = WarmUpLoad.run(vertx, host, port, token, config.duration().toNanos(), config.concurrency());
            load.done().onComplete(done -> {
                standIns.close();
                end(started, done.result(), null);
            });
        });
    }

    private void end(long started, long departures, Throwable failure) {
        backends.redirect(null);
        if (store instanceof WarmingStore warmed) {
            warmed.warmedUp();
        }
        lastGood.invalidateAll().subscribe().with(ignored -> {
        });
        answered = departures;
        warming = false;
        if (gate != null) {
            gate.remove();
        }
        long ms = (System.nanoTime() - started) / 1_000_000;
        if (failure != null || departures == 0) {
            LOG.warnf("the warm-up answered no departure in %d ms%s; ready without it", ms, failure == null ? "" : ": " + failure);
        } else {
            LOG.infof("warmed up in %d ms: %d departures answered on stand-ins for the backends; ready", ms, departures);
        }
    }

    /** Shutdown stops the warm-up at its first step: no more departures of its own are asked. */
    void draining(@Observes ShutdownDelayInitiatedEvent event) {
        stop();
    }

    void stop(@Observes ShutdownEvent event) {
        stop();
    }

    private void stop() {
        WarmUpLoad running = load;
        if (running != null) {
            running.stop();
        }
    }

    /** Not ready while warming up; the departures the warm-up answered once it is over. */
    @Readiness
    @Singleton
    static final class Health implements HealthCheck {

        private final WarmUp warmUp;

        Health(WarmUp warmUp) {
            this.warmUp = warmUp;
        }

        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.named("warm-up").status(!warmUp.warming)
                    .withData("departures", warmUp.answered)
                    .withData("duration", warmUp.config.duration().toString())
                    .build();
        }
    }
}
