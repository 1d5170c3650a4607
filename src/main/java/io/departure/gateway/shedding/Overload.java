package io.departure.gateway.shedding;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.departure.gateway.departure.DepartureConfig;
import io.departure.gateway.problem.Problem;
import io.departure.gateway.problem.ProblemMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.util.concurrent.EventExecutor;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Knows when the gateway itself is overloaded, and sheds new departures then. Each event loop
 * is probed every {@value #PROBE_MS} ms for how late it runs a task that was due: its queueing
 * delay. As in CoDel, a loop whose delay has stayed above {@code departure.shedding.target} (by
 * default a fiftieth of the sync view's deadline) for a whole {@code departure.shedding.interval}
 * has a standing queue; while it has, and {@code departure.shedding.enabled} is set, the sync
 * view answers the requests it reads {@code 503} with {@code Retry-After} at once, instead of
 * adding them to the queue to be answered late. The backend guards ask {@link #now} either way,
 * so as not to blame a backend for the gateway's lateness. This watches the gateway's own
 * backlog, not answer times: backends that slow down make answers slow without making the
 * gateway late.
 */
@ApplicationScoped
public class Overload {

    static final long PROBE_MS = 10;
    /** The route of the sync view, the one view shed. */
    static final String SYNC_VIEW = "/departure";

    private static final ThreadLocal<Loop> LOOP = new ThreadLocal<>();

    private final SheddingConfig config;
    /** How late a loop may run, ns: {@code departure.shedding.target}, or a fiftieth of {@code departure.deadline}. */
    private final long target;
    private final Vertx vertx;
    private final List<Loop> loops = new CopyOnWriteArrayList<>();
    private final Counter shed;
    /** The answer to a shed request, encoded once: shedding is when the gateway can least afford the work. */
    private final String overloaded;
    private volatile boolean stopped;

    Overload(SheddingConfig config, DepartureConfig departures, Vertx vertx, MeterRegistry registry, ObjectMapper json) {
        this.config = config;
        this.overloaded = ProblemMapper.encode(json,
                Problem.overloaded("the gateway is answering as many departures as it can in time; try again shortly"));
        this.target = config.target().orElse(departures.deadline().dividedBy(50)).toNanos();
        this.vertx = vertx;
        this.shed = Counter.builder("departure.shed").description("Requests answered 503 at once because the gateway was queued up")
                .register(registry);
        Gauge.builder("departure.event.loop.delay", loops, all -> all.stream().mapToLong(loop -> loop.delay).max().orElse(0) / 1e9)
                .baseUnit("seconds").description("How late the most delayed event loop ran its last probe").register(registry);
    }

    void start(@Observes StartupEvent event) {
        for (EventExecutor executor : vertx.nettyEventLoopGroup()) {
            Loop loop = new Loop(executor);
            loops.add(loop);
            executor.execute(() -> {
                LOOP.set(loop);
                loop.next();
            });
        }
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
    }

    /** Whether some event loop has had a standing queue lately: the gateway, not its backends, is slow. */
    public boolean now() {
        for (Loop loop : loops) {
            if (loop.queuedUp) {
                return true;
            }
        }
        return false;
    }

    /** Whether every event loop has a standing queue now. */
    boolean everyLoop() {
        return !loops.isEmpty() && loops.stream().allMatch(loop -> loop.queuedUp);
    }

    /**
     * The first handler of the sync view's route, where the loop reads the request: a shed request
     * costs no more than its answer, and with shedding off there is no handler. Only the sync view:
     * its deadline is seconds, which a standing queue eats; streams and executions have minutes,
     * and an EventSource refused with 503 would not come back.
     */
    void routes(@Observes Router router) {
        if (config.enabled()) {
            router.route(SYNC_VIEW).order(Integer.MIN_VALUE + 1).handler(this::shed);
        }
    }

    private void shed(RoutingContext routing) {
        Loop loop = LOOP.get();
        if (loop == null || !loop.queuedUp) {
            routing.next();
            return;
        }
        shed.increment();
        routing.response().setStatusCode(503).putHeader("Content-Type", Problem.MEDIA_TYPE).putHeader("Retry-After", "1")
                .end(overloaded);
    }

    /** One event loop's queueing delay, measured and judged on the loop itself. */
    private final class Loop {
        private final EventExecutor executor;
        private final long interval = config.interval().toNanos();
        private long due;
        /** Since when the delay has been over the target without coming under it; 0 while it is under. */
        private long overSince;
        volatile long delay;
        volatile boolean queuedUp;

        Loop(EventExecutor executor) {
            this.executor = executor;
        }

        void next() {
            if (stopped) {
                return;
            }
            due = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PROBE_MS);
            executor.schedule(this::probe, PROBE_MS, TimeUnit.MILLISECONDS);
        }

        private void probe() {
            long now = System.nanoTime();
            long late = Math.max(0, now - due);
            delay = late;
            if (late < target) {
                overSince = 0;
                queuedUp = false;
            } else if (overSince == 0) {
                // The queue this probe waited in was there from when it was due. One late probe alone is not a
                // standing queue: a pause (a long GC, a process frozen and restored, as Lambda SnapStart does) makes
                // one probe late by all of it, and the loop is free again the moment it runs.
                overSince = due;
            } else {
                queuedUp = now - overSince >= interval;
            }
            next();
        }
    }
}
