package io.departure.gateway.simulator;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.annotation.JsonIgnore;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The simulated flight service: flights by designator and date, and leased subscriptions whose
 * update streams play the flight's progress on an accelerated clock ({@code simulator.watch.interval}).
 */
@ApplicationScoped
class SimulatedFlights implements SimulatedBackend {

    static final String NAME = "flight";
    private static final String FLIGHT_ID = "^[A-Z0-9]{2}[0-9]{1,4}[A-Z]?$";
    /** How long a subscription lives without being deleted (an abandoned one must not live forever). */
    static final int LEASE_SECONDS = 300;

    /** A subscription the simulated flight service holds until it is deleted or its lease runs out. */
    @RegisterForReflection
    record Subscribed(String id, String flight, LocalDate date, @JsonIgnore long expiresAt) {
    }

    private final SimulatedData data;
    private final Map<String, Subscribed> subscriptions = new ConcurrentHashMap<>();
    private Simulator simulator;

    SimulatedFlights(Clock clock) {
        this.data = new SimulatedData(clock);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void routes(Router router, Simulator simulator) {
        this.simulator = simulator;
        router.get("/sim/flights/:id").handler(this::flight);
        router.post("/sim/flights/:id/subscriptions").handler(this::subscribe);
        router.get("/sim/flights/:id/subscriptions/:sid/events").handler(this::updates);
        router.delete("/sim/flights/:id/subscriptions/:sid").handler(this::unsubscribe);
        router.get("/sim/subscriptions").handler(this::subscriptions);
        simulator.vertx().setPeriodic(10_000, id -> subscriptions.values().removeIf(s -> s.expiresAt() < System.currentTimeMillis()));
    }

    private void flight(RoutingContext ctx) {
        String id = ctx.pathParam("id").toUpperCase();
        LocalDate date = Simulator.date(ctx);
        if (!id.matches(FLIGHT_ID) || date == null) {
            simulator.problem(ctx.response(), 400, "flight must be an IATA flight designator and date a YYYY-MM-DD date");
            return;
        }
        simulator.answer(ctx, NAME, () -> data.flight(id, date), "flight " + id + " does not exist on " + date);
    }

    private void subscribe(RoutingContext ctx) {
        String id = ctx.pathParam("id").toUpperCase();
        LocalDate date = Simulator.date(ctx);
        if (!id.matches(FLIGHT_ID) || date == null) {
            simulator.problem(ctx.response(), 400, "flight must be an IATA flight designator and date a YYYY-MM-DD date");
            return;
        }
        String sid = UUID.randomUUID().toString();
        subscriptions.put(sid, new Subscribed(sid, id, date, System.currentTimeMillis() + LEASE_SECONDS * 1000L));
        ctx.response().setStatusCode(201).putHeader("Content-Type", Simulator.JSON)
                .putHeader("Location", "/sim/flights/" + id + "/subscriptions/" + sid)
                .end(simulator.encode(Map.of("id", sid, "leaseSeconds", LEASE_SECONDS)));
    }

    /** Sends the flight's progress as {@code flight} events, one per interval, then ends the stream. */
    private void updates(RoutingContext ctx) {
        Subscribed subscribed = subscriptions.get(ctx.pathParam("sid"));
        if (subscribed == null) {
            simulator.problem(ctx.response(), 404, "no subscription " + ctx.pathParam("sid"));
            return;
        }
        HttpServerResponse response = ctx.response();
        response.setChunked(true).putHeader("Content-Type", "text/event-stream").putHeader("Cache-Control", "no-cache");
        response.write(": subscription " + subscribed.id() + "\n\n");
        Iterator<Object> steps = new ArrayList<Object>(
                data.progress(data.flight(subscribed.flight(), subscribed.date()))).iterator();
        long periodic = simulator.vertx().setPeriodic(simulator.config().watch().interval().toMillis(), id -> {
            if (response.closed()) {
                simulator.vertx().cancelTimer(id);
            } else if (!steps.hasNext() || !subscriptions.containsKey(subscribed.id())) {
                simulator.vertx().cancelTimer(id);
                response.end();
            } else {
                response.write("event: flight\ndata: " + simulator.encode(steps.next()) + "\n\n");
            }
        });
        response.closeHandler(closed -> simulator.vertx().cancelTimer(periodic));
    }

    private void unsubscribe(RoutingContext ctx) {
        if (subscriptions.remove(ctx.pathParam("sid")) == null) {
            simulator.problem(ctx.response(), 404, "no subscription " + ctx.pathParam("sid"));
        } else {
            ctx.response().setStatusCode(204).end();
        }
    }

    private void subscriptions(RoutingContext ctx) {
        ctx.response().putHeader("Content-Type", Simulator.JSON).end(simulator.encode(List.copyOf(subscriptions.values())));
    }
}
