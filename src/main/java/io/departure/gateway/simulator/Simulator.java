package io.departure.gateway.simulator;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.departure.gateway.backend.DefaultLocation;
import io.departure.gateway.problem.Problem;
import io.quarkus.arc.All;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.vertx.http.runtime.VertxHttpConfig;

/**
 * The embedded simulator of the backends, under {@code /sim}, so that the gateway runs with one
 * command and no other process. Each backend's part ({@link SimulatedBackend}) adds its routes
 * and answers through {@link #answer}, so its latency and faults come from configuration
 * ({@code simulator.<backend>.*}) and change at run time through {@code /sim/chaos/{backend}}. It honours
 * {@code X-Request-Timeout-Ms}: a call it could not answer within that budget gets a 504 when
 * the budget is spent, not later.
 */
@ApplicationScoped
public class Simulator implements DefaultLocation {

    static final String BUDGET_HEADER = "X-Request-Timeout-Ms";
    static final String JSON = "application/json";

    private final SimulatorConfig config;
    private final ObjectMapper json;
    private final Vertx vertx;
    private final List<SimulatedBackend> backends;
    private final Map<String, AtomicReference<Chaos>> chaos = new TreeMap<>();

    private final VertxHttpConfig http;
    private final SimulatedData data;

    Simulator(SimulatorConfig config, ObjectMapper json, Vertx vertx, @All List<SimulatedBackend> backends, VertxHttpConfig http,
            SimulatedData data) {
        this.config = config;
        this.http = http;
        this.data = data;
        this.json = json;
        this.vertx = vertx;
        this.backends = backends;
        for (SimulatedBackend backend : backends) {
            chaos.put(backend.name(), new AtomicReference<>(Chaos.of(config.backends().get(backend.name()))));
        }
    }

    void routes(@Observes Router router) {
        if (!config.enabled()) {
            return;
        }
        for (SimulatedBackend backend : backends) {
            backend.routes(router, this);
        }
        router.get("/sim/chaos/:backend").handler(this::readChaos);
        router.put("/sim/chaos/:backend").handler(BodyHandler.create().setBodyLimit(4096)).handler(this::changeChaos);
    }

    /** When it is on, the simulator answers for the backends it simulates that have no URL configured. */
    @Override
    public Optional<String> url(String name) {
        if (!config.enabled() || !chaos.containsKey(name)) {
            return Optional.empty();
        }
        int port = LaunchMode.current() == LaunchMode.TEST ? http.testPort() : http.port();
        return Optional.of("http://localhost:" + port + "/sim");
    }

    Vertx vertx() {
        return vertx;
    }

    SimulatorConfig config() {
        return config;
    }

    /** The plausible flights and forecasts every simulated backend answers with. */
    SimulatedData data() {
        return data;
    }

    /** The latency and faults now in force for {@code backend}. */
    Chaos chaos(String backend) {
        return chaos.get(backend).get();
    }

    /** The {@code date} query parameter, or null when it is missing or not a date. */
    static LocalDate date(RoutingContext ctx) {
        String date = ctx.queryParams().get("date");
        try {
            return date == null ? null : LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * Answers a call to {@code backend}: waits its simulated latency (never past the caller's
     * budget), then answers as its mode says, with {@code body} when all is well.
     */
    void answer(RoutingContext ctx, String backend, Supplier<Object> body, String notFound) {
        Chaos settings = chaos(backend);
        HttpServerResponse response = ctx.response();
        long jitter = settings.jitterMs() == 0 ? 0 : ThreadLocalRandom.current().nextLong(-settings.jitterMs(), settings.jitterMs() + 1);
        long delay = Math.max(0, settings.latencyMs() + jitter);
        Long budget = budget(ctx);
        if (settings.mode() == Mode.HANG) {
            return;
        }
        if (budget != null && delay > budget) {
            after(ctx, budget, () -> problem(response, 504, "the simulated latency of " + delay + " ms exceeds the budget of "
                    + budget + " ms"));
            return;
        }
        after(ctx, delay, () -> {
            if (settings.failureRate() > 0 && ThreadLocalRandom.current().nextDouble() < settings.failureRate()) {
                problem(response, 500, "simulated failure");
                return;
            }
            switch (settings.mode()) {
                case ERROR -> problem(response, 500, "simulated failure");
                case NOT_FOUND -> problem(response, 404, notFound);
                case RESET -> ctx.request().connection().close();
                case MALFORMED -> response.putHeader("Content-Type", JSON).end("{\"id\": \"broken\", \"status\": ");
                case SLOW_BODY -> trickle(ctx, encode(body.get()));
                default -> {
                    Object value = body.get();
                    if (value == null) {
                        problem(response, 404, notFound);
                    } else {
                        response.putHeader("Content-Type", JSON).end(encode(value));
                    }
                }
            }
        });
    }

    private static Long budget(RoutingContext ctx) {
        String header = ctx.request().getHeader(BUDGET_HEADER);
        if (header == null) {
            return null;
        }
        try {
            return Math.max(0, Long.parseLong(header.trim()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Runs an action after a delay, unless the caller hangs up first (then the timer is cancelled). */
    private void after(RoutingContext ctx, long delayMs, Runnable action) {
        if (delayMs <= 0) {
            action.run();
            return;
        }
        long timer = vertx.setTimer(delayMs, id -> {
            if (!ctx.response().closed()) {
                action.run();
            }
        });
        ctx.response().closeHandler(closed -> vertx.cancelTimer(timer));
    }

    /** Sends a complete body a byte every 100 ms. */
    private void trickle(RoutingContext ctx, String body) {
        HttpServerResponse response = ctx.response();
        response.setChunked(true).putHeader("Content-Type", JSON);
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int[] sent = { 0 };
        long periodic = vertx.setPeriodic(100, id -> {
            if (response.closed() || sent[0] >= bytes.length) {
                vertx.cancelTimer(id);
                if (!response.closed()) {
                    response.end();
                }
                return;
            }
            response.write(Buffer.buffer(new byte[] { bytes[sent[0]++] }));
        });
        response.closeHandler(closed -> vertx.cancelTimer(periodic));
    }

    private void readChaos(RoutingContext ctx) {
        AtomicReference<Chaos> settings = chaos.get(ctx.pathParam("backend"));
        if (settings == null) {
            problem(ctx.response(), 404, "no simulated backend named " + ctx.pathParam("backend") + "; one of " + chaos.keySet());
            return;
        }
        ctx.response().putHeader("Content-Type", JSON).end(encode(settings.get()));
    }

    private void changeChaos(RoutingContext ctx) {
        AtomicReference<Chaos> settings = chaos.get(ctx.pathParam("backend"));
        if (settings == null) {
            problem(ctx.response(), 404, "no simulated backend named " + ctx.pathParam("backend") + "; one of " + chaos.keySet());
            return;
        }
        Chaos.Update update;
        try {
            update = json.readValue(ctx.body().asString(), Chaos.Update.class);
        } catch (JsonProcessingException | IllegalArgumentException | NullPointerException e) {
            problem(ctx.response(), 400, "body must be a JSON object with any of latencyMs, jitterMs, failureRate, mode: "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
            return;
        }
        Chaos next;
        try {
            next = settings.get().with(update == null ? new Chaos.Update(null, null, null, null) : update);
        } catch (IllegalArgumentException e) {
            problem(ctx.response(), 400, e.getMessage());
            return;
        }
        settings.set(next);
        ctx.response().putHeader("Content-Type", JSON).end(encode(next));
    }

    void problem(HttpServerResponse response, int status, String detail) {
        if (response.ended() || response.closed()) {
            return;
        }
        Problem problem = Problem.of("simulator-" + status,
                status == 504 ? "Budget exhausted" : status >= 500 ? "Simulated failure" : status == 404 ? "Not found" : "Bad request",
                status, detail);
        response.setStatusCode(status).putHeader("Content-Type", Problem.MEDIA_TYPE).end(encode(problem));
    }

    String encode(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + value, e);
        }
    }
}
