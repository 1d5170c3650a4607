package io.departure.gateway.shedding;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.departure.gateway.departure.DepartureConfig;
import io.departure.gateway.execution.QueryReader;
import io.departure.gateway.problem.Problem;
import io.departure.gateway.problem.ProblemException;
import io.departure.gateway.problem.ProblemMapper;
import io.departure.gateway.warmup.WarmUp;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.util.concurrent.EventExecutor;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Knows how long each request has waited in the gateway, and refuses those that cannot be
 * answered in time. A request's wait starts before any handler sees it, in its event loop's
 * queue ({@link EventLoopDelay}); the sync view counts its deadline from then, and sheds it
 * ({@code 503} with {@code Retry-After}) when it waited over {@code departure.shedding.target} and
 * either its loop has a standing queue (over the target for a whole {@code departure.shedding.interval})
 * or what it waited plus what departures take lately leaves no time for it. A loop merely slow
 * (a JVM compiling its code: {@link Compiling}; a burst) is waited out, not shed. The backend
 * guards ask {@link #now} either way, so as not to blame a backend for the gateway's own lateness.
 */
@Singleton
public class Overload {

    /** How long a loop stays late before a backend's timeouts may be the gateway's: a fiftieth of the deadline, this long. */
    static final Duration LATE_INTERVAL = Duration.ofMillis(100);

    /** When the request was read, as Quarkus records it ({@code quarkus.http.record-request-start-time}). */
    private static final String READ = "io.quarkus.request-start-time";
    private static final ThreadLocal<EventLoopDelay> LOOP = new ThreadLocal<>();
    /** The sync view's path: the only one shed. */
    static final String SHED_PATH = "/departure";

    private final SheddingConfig config;
    private final long deadline;
    private final long target;
    private final Vertx vertx;
    private final List<EventLoopDelay> loops = new CopyOnWriteArrayList<>();
    private volatile Compiling compiling = Compiling.jvm();
    private final Counter shed;
    /** The answer to a shed request, written once: shedding is when the gateway can least afford the work. */
    private final Buffer overloaded;
    /** How long the departures served lately took from their first handler to their answer, ns (a moving average). */
    private volatile long serving;
    private volatile boolean stopped;

    Overload(SheddingConfig config, DepartureConfig departures, Vertx vertx, MeterRegistry registry, ObjectMapper json) {
        this.config = config;
        this.overloaded = Buffer.buffer(ProblemMapper.encode(json,
                Problem.overloaded("the gateway cannot answer this departure within its deadline now; try again shortly")));
        this.deadline = departures.deadline().toNanos();
        this.target = config.target().orElse(departures.deadline().dividedBy(SheddingConfig.TARGET_SHARE)).toNanos();
        this.vertx = vertx;
        this.shed = Counter.builder("departure.shed")
                .description("Departures answered 503 at once because they could not be answered in time")
                .register(registry);
        Gauge.builder("departure.event.loop.delay", loops, all -> all.stream().mapToLong(EventLoopDelay::delay).max().orElse(0) / 1e9)
                .baseUnit("seconds").description("How late the most delayed event loop ran its last probe").register(registry);
    }

    void start(@Observes StartupEvent event) {
        if (config.enabled()) {
            vertx.setPeriodic(Compiling.WINDOW_MS, timer -> {
                if (stopped) {
                    vertx.cancelTimer(timer);
                } else {
                    compiling.sample();
                }
            });
        }
        long late = deadline / 50;
        for (EventExecutor executor : vertx.nettyEventLoopGroup()) {
            EventLoopDelay loop = new EventLoopDelay(executor, () -> stopped, new Standing(late, LATE_INTERVAL.toNanos()),
                    new Standing(target, config.interval().toNanos()));
            loops.add(loop);
            executor.execute(() -> LOOP.set(loop));
            loop.start();
        }
    }

    void stop(@Observes ShutdownEvent event) {
        stopped = true;
    }

    /** Replaces the compiler's gauge: a test that makes a queue stand, in a JVM compiling as the tests run. */
    void compiling(Compiling gauge) {
        this.compiling = gauge;
    }

    /** Whether some event loop has run late for a while: the gateway, not its backends, may be why calls are slow. */
    public boolean now() {
        for (EventLoopDelay loop : loops) {
            if (loop.late.standing()) {
                return true;
            }
        }
        return false;
    }

    /**
     * How long the request has been in the gateway, ns: the wait for its event loop before its
     * first handler (when read on a loop, as the REST layer reads it), and the time since.
     */
    public long waited(RoutingContext routing) {
        long now = System.nanoTime();
        Long read = routing.get(READ);
        long since = read == null ? 0 : Math.max(0, now - read);
        EventLoopDelay loop = LOOP.get();
        return since + (loop == null ? 0 : loop.waitingNow(read == null ? now : read));
    }

    /**
     * Sheds the sync view's departures as the class comment says, before any other handler: under
     * a standing queue what a refusal costs decides how many the gateway can still serve, and
     * refused after the REST layer, authentication and limits, 0.5 % of the requests offered at
     * twice capacity were answered in time, refused here 55.7 % (bench/RESULTS.md, "Shedding before
     * the REST layer"). A query the departure cannot be read from goes on, to its {@code 400}; so do
     * the warm-up's own departures.
     */
    void routes(@Observes Router router) {
        if (config.enabled()) {
            router.get(SHED_PATH).order(Integer.MIN_VALUE + 2).handler(this::admit);
        }
    }

    private void admit(RoutingContext routing) {
        long waited = waited(routing);
        if (!shed(waited, target, standing() && !compiling.busy(), serving, deadline) || routing.get(WarmUp.ADMITTED) != null
                || !readable(routing)) {
            routing.next();
            return;
        }
        shed.increment();
        routing.response().setStatusCode(503).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.RETRY_AFTER, "1").end(overloaded);
    }

    /**
     * The rule: a departure that waited {@code waited} ns is shed when it waited over the target and
     * either its loop's queue is standing (and not the compiler's doing) or what departures take
     * lately would bring it past its deadline.
     */
    static boolean shed(long waited, long target, boolean standing, long serving, long deadline) {
        return waited >= target && (standing || waited + serving >= deadline);
    }

    private static boolean standing() {
        EventLoopDelay loop = LOOP.get();
        return loop != null && loop.queue.standing();
    }

    private static boolean readable(RoutingContext routing) {
        try {
            QueryReader.parameters(routing.queryParams(), false, null);
            return true;
        } catch (ProblemException unreadable) {
            return false;
        }
    }

    /** The departure asked by {@code routing} is answered now. */
    public void served(RoutingContext routing) {
        Long read = routing.get(READ);
        if (read != null) {
            long was = serving;
            serving = was + (System.nanoTime() - read - was) / 16;
        }
    }
}
