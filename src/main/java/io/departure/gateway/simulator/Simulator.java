package io.departure.gateway.simulator;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The embedded simulator of the flight and forecast services, under {@code /sim}, so that the
 * gateway runs with one command and no other process. Its latency and faults per backend come
 * from configuration and change at run time through {@code /sim/chaos/{backend}}. It honours
 * {@code X-Request-Timeout-Ms}: a call it could not answer within that budget gets a 504 when
 * the budget is spent, not later.
 */
@ApplicationScoped
public class Simulator {

    static final String BUDGET_HEADER = "X-Request-Timeout-Ms";
    private static final String JSON = "application/json";
    private static final String PROBLEM = "application/problem+json";
    private static final String FLIGHT_ID = "^[A-Z0-9]{2}[0-9]{1,4}[A-Z]?$";

    private final SimulatorConfig config;
    private final ObjectMapper json;
    private final Vertx vertx;
    private final SimulatedData data;
    private final Map<String, AtomicReference<Chaos>> chaos;
    private final Map<String, Subscribed> subscriptions = new ConcurrentHashMap<>();

    /** A subscription the simulated flight service holds until it is deleted or its lease runs out. */
    @RegisterForReflection
    record Subscribed(String id, String flight, LocalDate date, @JsonIgnore long expiresAt) {
    }

    /** How long a subscription lives without being deleted (an abandoned one must not live forever). */
    static final int LEASE_SECONDS = 300;

    Simulator(SimulatorConfig config, ObjectMapper json, Vertx vertx, Clock clock) {
        this.config = config;
        this.json = json;
        this.vertx = vertx;
        this.data = new SimulatedData(clock);
        this.chaos = Map.of(
                "flight", new AtomicReference<>(Chaos.of(config.flight())),
                "forecast", new AtomicReference<>(Chaos.of(config.forecast())));
    }

    void routes(@Observes Router router) {
        if (!config.enabled()) {
            return;
        }
        router.get("/sim/flights/:id").handler(this::flight);
        router.post("/sim/flights/:id/subscriptions").handler(this::subscribe);
        router.get("/sim/flights/:id/subscriptions/:sid/events").handler(this::updates);
        router.delete("/sim/flights/:id/subscriptions/:sid").handler(this::unsubscribe);
        router.get("/sim/subscriptions").handler(this::subscriptions);
        vertx.setPeriodic(10_000, id -> subscriptions.values().removeIf(s -> s.expiresAt() < System.currentTimeMillis()));
        router.get("/sim/forecasts").handler(this::forecast);
        router.get("/sim/chaos/:backend").handler(this::readChaos);
        router.put("/sim/chaos/:backend").handler(BodyHandler.create().setBodyLimit(4096)).handler(this::changeChaos);
    }

    private void flight(RoutingContext ctx) {
        String id = ctx.pathParam("id").toUpperCase();
        LocalDate date = date(ctx);
        if (!id.matches(FLIGHT_ID) || date == null) {
            problem(ctx.response(), 400, "flight must be an IATA flight designator and date a YYYY-MM-DD date");
            return;
        }
        answer(ctx, chaos.get("flight").get(), () -> data.flight(id, date), "flight " + id + " does not exist on " + date);
    }

    private void subscribe(RoutingContext ctx) {
        String id = ctx.pathParam("id").toUpperCase();
        LocalDate date = date(ctx);
        if (!id.matches(FLIGHT_ID) || date == null) {
            problem(ctx.response(), 400, "flight must be an IATA flight designator and date a YYYY-MM-DD date");
            return;
        }
        String sid = UUID.randomUUID().toString();
        subscriptions.put(sid, new Subscribed(sid, id, date, System.currentTimeMillis() + LEASE_SECONDS * 1000L));
        ctx.response().setStatusCode(201).putHeader("Content-Type", JSON)
                .putHeader("Location", "/sim/flights/" + id + "/subscriptions/" + sid)
                .end(encode(Map.of("id", sid, "leaseSeconds", LEASE_SECONDS)));
    }

    /** Sends the flight's progress as {@code flight} events, one per interval, then ends the stream. */
    private void updates(RoutingContext ctx) {
        Subscribed subscribed = subscriptions.get(ctx.pathParam("sid"));
        if (subscribed == null) {
            problem(ctx.response(), 404, "no subscription " + ctx.pathParam("sid"));
            return;
        }
        HttpServerResponse response = ctx.response();
        response.setChunked(true).putHeader("Content-Type", "text/event-stream").putHeader("Cache-Control", "no-cache");
        response.write(": subscription " + subscribed.id() + "\n\n");
        java.util.Iterator<Object> steps = new java.util.ArrayList<Object>(
                data.progress(data.flight(subscribed.flight(), subscribed.date()))).iterator();
        long periodic = vertx.setPeriodic(config.watch().interval().toMillis(), id -> {
            if (response.closed()) {
                vertx.cancelTimer(id);
            } else if (!steps.hasNext() || !subscriptions.containsKey(subscribed.id())) {
                vertx.cancelTimer(id);
                response.end();
            } else {
                response.write("event: flight\ndata: " + encode(steps.next()) + "\n\n");
            }
        });
        response.closeHandler(closed -> vertx.cancelTimer(periodic));
    }

    private void unsubscribe(RoutingContext ctx) {
        if (subscriptions.remove(ctx.pathParam("sid")) == null) {
            problem(ctx.response(), 404, "no subscription " + ctx.pathParam("sid"));
        } else {
            ctx.response().setStatusCode(204).end();
        }
    }

    private void subscriptions(RoutingContext ctx) {
        ctx.response().putHeader("Content-Type", JSON).end(encode(List.copyOf(subscriptions.values())));
    }

    private void forecast(RoutingContext ctx) {
        String airport = ctx.queryParams().get("airport");
        LocalDate date = date(ctx);
        if (airport == null || !airport.matches("^[A-Za-z]{3}$") || date == null) {
            problem(ctx.response(), 400, "airport must be an IATA airport code and date a YYYY-MM-DD date");
            return;
        }
        String code = airport.toUpperCase();
        answer(ctx, chaos.get("forecast").get(), () -> data.forecast(code, date), "no forecast for " + code + " on " + date);
    }

    private static LocalDate date(RoutingContext ctx) {
        String date = ctx.queryParams().get("date");
        try {
            return date == null ? null : LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Waits the simulated latency (never past the caller's budget), then answers as the mode says. */
    private void answer(RoutingContext ctx, Chaos settings, Supplier<Object> body, String notFound) {
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
            problem(ctx.response(), 404, "no simulated backend named " + ctx.pathParam("backend") + "; flight or forecast");
            return;
        }
        ctx.response().putHeader("Content-Type", JSON).end(encode(settings.get()));
    }

    private void changeChaos(RoutingContext ctx) {
        AtomicReference<Chaos> settings = chaos.get(ctx.pathParam("backend"));
        if (settings == null) {
            problem(ctx.response(), 404, "no simulated backend named " + ctx.pathParam("backend") + "; flight or forecast");
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

    private void problem(HttpServerResponse response, int status, String detail) {
        if (response.ended() || response.closed()) {
            return;
        }
        Map<String, Object> problem = Map.of(
                "type", "urn:departure-gateway:problem:simulator-" + status,
                "title", status == 504 ? "Budget exhausted" : status >= 500 ? "Simulated failure" : status == 404 ? "Not found" : "Bad request",
                "status", status,
                "detail", detail);
        response.setStatusCode(status).putHeader("Content-Type", PROBLEM).end(encode(problem));
    }

    private String encode(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + value, e);
        }
    }
}
