package io.departure.gateway.limits;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import io.departure.gateway.problem.Problem;
import io.departure.gateway.problem.ProblemException;
import io.departure.gateway.problem.ProblemMapper;
import io.departure.gateway.security.Authentication;
import io.departure.gateway.warmup.WarmUp;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;

/**
 * Keeps each client within {@code departure.limits.rate} on the endpoints marked
 * {@link RateLimited}, and within {@code departure.limits.streams} on those marked
 * {@link StreamLimited} and for the watches it is asked to {@link #hold}: a request over either
 * is answered {@code 429} with {@code Retry-After} before anything starts. Rates are Bucket4j
 * token buckets, held in a bounded cache of the clients seen last; open streams are counted per
 * client only while they are open, so that map holds no more than the connections themselves.
 */
@ApplicationScoped
// Built at start-up, so that its refusal counters start at zero.
@Startup
// Caffeine builds the node of a size-bounded, access-expiring cache from a class it looks up by
// name (PSAMS); a native image knows only the classes registered for it.
@RegisterForReflection(classNames = "com.github.benmanes.caffeine.cache.PSAMS")
public class ClientLimits {

    /** How long a client over its streams is told to wait: streams end when their clients close them. */
    static final Duration STREAMS_RETRY = Duration.ofSeconds(5);

    private final LimitsConfig config;
    private final Cache<String, Bucket> buckets;
    private final Map<String, Integer> open = new ConcurrentHashMap<>();
    private final Counter rateRefused;
    private final Counter streamsRefused;
    private final WarmUp warmUp;

    ClientLimits(LimitsConfig config, MeterRegistry registry, WarmUp warmUp) {
        this.config = config;
        this.warmUp = warmUp;
        double rate = config.rate().orElse(0);
        if (config.rate().isPresent() && !(rate > 0)) {
            throw new IllegalArgumentException("departure.limits.rate must be above 0, not " + rate);
        }
        if (config.streams().isPresent() && config.streams().getAsInt() < 1) {
            throw new IllegalArgumentException("departure.limits.streams must be at least 1, not " + config.streams().getAsInt());
        }
        // A bucket unused for as long as it takes to fill is as good as a new one: forgetting it saves its memory.
        Duration refill = Duration.ofNanos(rate > 0 ? (long) (burst() / rate * 1e9) : 0).plusSeconds(1);
        this.buckets = Caffeine.newBuilder().maximumSize(config.clients()).expireAfterAccess(refill).build();
        this.rateRefused = Counter.builder("departure_limited").tag("limit", "rate")
                .description("Requests refused because their client was over a limit").register(registry);
        this.streamsRefused = Counter.builder("departure_limited").tag("limit", "streams")
                .description("Requests refused because their client was over a limit").register(registry);
        // What the limits hold in memory, bounded by departure.limits.clients and by the streams open.
        Gauge.builder("departure_limits_clients", this, limits -> {
            limits.buckets.cleanUp();
            return limits.buckets.estimatedSize();
        }).tag("limit", "rate").description("Clients whose request rate is tracked now").register(registry);
        Gauge.builder("departure_limits_clients", open, Map::size).tag("limit", "streams")
                .description("Clients holding streams or watches open now").register(registry);
    }

    /** Who a request comes from: its token's subject, else its (forwarded, when configured) address; null when unknown. */
    public static String client(RoutingContext routing) {
        String subject = Authentication.subject(routing);
        if (subject != null) {
            return "subject:" + subject;
        }
        SocketAddress address = routing.request().remoteAddress();
        return address == null || address.host() == null ? null : "address:" + address.host();
    }

    /** After authentication, which tells the client; before anything else is done for the request. */
    @ServerRequestFilter(priority = Priorities.AUTHENTICATION + 1)
    @RateLimited
    public Response limitRate(RoutingContext routing) {
        String client = config.rate().isPresent() && !warmUp.admitted(routing) ? client(routing) : null;
        if (client == null) {
            return null;
        }
        ConsumptionProbe probe = buckets.get(client, ignored -> bucket()).tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return null;
        }
        rateRefused.increment();
        return ProblemMapper.respond(new ProblemException(Problem.of("rate-limited", "Too many requests", 429,
                "this client made more than " + config.rate().getAsDouble() + " requests per second"),
                Duration.ofNanos(probe.getNanosToWaitForRefill())));
    }

    /** After the rate: a request refused for its rate holds no stream. */
    @ServerRequestFilter(priority = Priorities.AUTHENTICATION + 2)
    @StreamLimited
    public Response limitStreams(RoutingContext routing) {
        try {
            Runnable release = hold(routing);
            if (release != null) {
                routing.addEndHandler(ended -> release.run());
            }
            return null;
        } catch (ProblemException over) {
            return ProblemMapper.respond(over);
        }
    }

    /**
     * Counts a stream or watch against its client until the returned action is run (once; more
     * runs do nothing); null when nothing is counted (no limit set, or no client known).
     *
     * @throws ProblemException a {@code 429} when the client already holds as many as it may
     */
    public Runnable hold(RoutingContext routing) {
        String client = config.streams().isPresent() ? client(routing) : null;
        return client == null ? null : hold(client);
    }

    private Runnable hold(String client) {
        int most = config.streams().getAsInt();
        boolean[] held = { false };
        open.compute(client, (key, count) -> {
            int now = count == null ? 0 : count;
            if (now >= most) {
                return count;
            }
            held[0] = true;
            return now + 1;
        });
        if (!held[0]) {
            streamsRefused.increment();
            throw new ProblemException(Problem.of("too-many-streams", "Too many streams", 429,
                    "this client holds " + most + " streams and watches open, the most it may"), STREAMS_RETRY);
        }
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                open.computeIfPresent(client, (key, count) -> count <= 1 ? null : count - 1);
            }
        };
    }

    private long burst() {
        return config.burst().isPresent() ? config.burst().getAsInt() : Math.max(1, (long) Math.ceil(config.rate().orElse(1)));
    }

    private Bucket bucket() {
        double rate = config.rate().getAsDouble();
        long size = burst();
        // The bucket's size refilled at the rate: size tokens every size / rate seconds.
        Duration period = Duration.ofNanos((long) (size / rate * 1e9));
        return Bucket.builder().addLimit(Bandwidth.builder().capacity(size).refillGreedy(size, period).build()).build();
    }
}
