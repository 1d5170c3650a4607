package io.departure.gateway.simulator;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The simulated flight service's subscriptions, leased until deleted or for {@link #LEASE_SECONDS}.
 * A subscription plays its flight's progress on the accelerated clock from the moment it is made
 * ({@code simulator.watch.interval} between updates), each update's id its number, so that a
 * stream opened again with {@code Last-Event-ID} resumes after it; one opened without starts again
 * at the latest update already sent (a subscription's first stream, at its first update). An {@code Idempotency-Key} names the live subscription made under it: a
 * repeat answers that one ({@code 200}); once it is deleted or expired, the key makes a new one.
 * With the flight's mode {@code drop-updates}, every stream is reset after two updates.
 */
final class SimulatedSubscriptions {

    /** How long a subscription lives without being deleted (an abandoned one must not live forever). */
    static final int LEASE_SECONDS = 300;
    private static final int DROPPED_AFTER = 2;

    /** A subscription the simulated flight service holds, and the progress it plays. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Subscribed(String id, String flight, LocalDate date, String idempotencyKey, @JsonIgnore long madeAt,
            @JsonIgnore long expiresAt, @JsonIgnore List<SimulatedData.FlightDoc> progress) {
    }

    private final Simulator simulator;
    private final Map<String, Subscribed> subscriptions = new ConcurrentHashMap<>();
    /** The subscription each idempotency key made, while it lives. */
    private final Map<String, String> keys = new ConcurrentHashMap<>();
    /** How many updates of each subscription its streams have sent, the furthest of them. */
    private final Map<String, Integer> played = new ConcurrentHashMap<>();

    SimulatedSubscriptions(Simulator simulator) {
        this.simulator = simulator;
    }

    void routes(Router router) {
        router.post("/sim/flights/:id/subscriptions").handler(this::subscribe);
        router.get("/sim/flights/:id/subscriptions/:sid/events").handler(this::updates);
        router.delete("/sim/flights/:id/subscriptions/:sid").handler(this::unsubscribe);
        router.get("/sim/subscriptions").handler(this::list);
        simulator.vertx().setPeriodic(10_000, id -> subscriptions.values().stream()
                .filter(subscribed -> subscribed.expiresAt() < System.currentTimeMillis()).map(Subscribed::id).toList()
                .forEach(this::remove));
    }

    private void subscribe(RoutingContext ctx) {
        SimulatedFlights.FlightDay day = SimulatedFlights.FlightDay.of(ctx, simulator);
        if (day == null) {
            return;
        }
        String key = ctx.request().getHeader("Idempotency-Key");
        boolean[] made = { key == null };
        Subscribed subscribed = key == null ? make(day, null) : subscriptions.get(keys.compute(key, (k, held) -> {
            if (held != null && subscriptions.containsKey(held)) {
                return held;
            }
            made[0] = true;
            return make(day, k).id();
        }));
        ctx.response().setStatusCode(made[0] ? 201 : 200).putHeader("Content-Type", Simulator.JSON)
                .putHeader("Location", "/sim/flights/" + day.id() + "/subscriptions/" + subscribed.id())
                .end(simulator.encode(Map.of("id", subscribed.id(), "leaseSeconds", LEASE_SECONDS)));
    }

    private Subscribed make(SimulatedFlights.FlightDay day, String key) {
        long now = System.currentTimeMillis();
        Subscribed subscribed = new Subscribed(UUID.randomUUID().toString(), day.id(), day.date(), key, now,
                now + LEASE_SECONDS * 1000L, List.copyOf(simulator.data().progress(simulator.data().flight(day.id(), day.date()))));
        subscriptions.put(subscribed.id(), subscribed);
        return subscribed;
    }

    /** Sends the updates due after {@code Last-Event-ID} (or the latest one sent), then each as it falls due; ends after the last. */
    private void updates(RoutingContext ctx) {
        Subscribed subscribed = subscriptions.get(ctx.pathParam("sid"));
        if (subscribed == null) {
            simulator.problem(ctx.response(), 404, "no subscription " + ctx.pathParam("sid"));
            return;
        }
        HttpServerResponse response = ctx.response();
        response.setChunked(true).putHeader("Content-Type", "text/event-stream").putHeader("Cache-Control", "no-cache");
        response.write(": subscription " + subscribed.id() + "\n\n");
        boolean drops = simulator.chaos(SimulatedFlights.NAME).mode() == Mode.DROP_UPDATES;
        new Playing(subscribed, response, drops).from(first(subscribed, ctx.request().getHeader("Last-Event-ID")));
    }

    /** The index of the first update to send: the one after the last received, else the latest one sent before. */
    private long first(Subscribed subscribed, String lastEventId) {
        if (lastEventId != null) {
            try {
                return Math.max(0, Long.parseLong(lastEventId.trim()));
            } catch (NumberFormatException e) {
                // not one of ours: as if none was given
            }
        }
        return Math.max(0, played.getOrDefault(subscribed.id(), 0) - 1);
    }

    private long interval() {
        return Math.max(1, simulator.config().watch().interval().toMillis());
    }

    /**
     * One open update stream: sends each update when due, until the last one or the
     * subscription's end; dropping, it is reset when an update falls due after two were sent.
     */
    private final class Playing {
        private final Subscribed subscribed;
        private final HttpServerResponse response;
        private final boolean drops;
        private int sent;
        private long timer = -1;

        Playing(Subscribed subscribed, HttpServerResponse response, boolean drops) {
            this.subscribed = subscribed;
            this.response = response;
            this.drops = drops;
            response.closeHandler(closed -> {
                if (timer >= 0) {
                    simulator.vertx().cancelTimer(timer);
                }
            });
        }

        /** Sends the updates from {@code index} that are due, then waits for the next. */
        void from(long index) {
            long next = index;
            while (next < subscribed.progress().size() && dueIn(next) <= 0) {
                sent++;
                response.write("id: " + (next + 1) + "\nevent: flight\ndata: "
                        + simulator.encode(subscribed.progress().get((int) next)) + "\n\n");
                next++;
                played.merge(subscribed.id(), (int) next, Math::max);
            }
            if (next >= subscribed.progress().size()) {
                response.end();
                return;
            }
            long waiting = next;
            timer = simulator.vertx().setTimer(dueIn(next), id -> due(waiting));
        }

        private void due(long index) {
            timer = -1;
            if (response.closed()) {
                return;
            }
            if (!subscriptions.containsKey(subscribed.id())) {
                response.end();
            } else if (drops && sent >= DROPPED_AFTER) {
                response.reset();
            } else {
                from(index);
            }
        }

        private long dueIn(long index) {
            return subscribed.madeAt() + (index + 1) * interval() - System.currentTimeMillis();
        }
    }

    private void unsubscribe(RoutingContext ctx) {
        if (remove(ctx.pathParam("sid"))) {
            ctx.response().setStatusCode(204).end();
        } else {
            simulator.problem(ctx.response(), 404, "no subscription " + ctx.pathParam("sid"));
        }
    }

    /** Ends a subscription, and frees its idempotency key; false when there was none. */
    private boolean remove(String id) {
        Subscribed subscribed = subscriptions.remove(id);
        played.remove(id);
        if (subscribed != null && subscribed.idempotencyKey() != null) {
            keys.remove(subscribed.idempotencyKey(), id);
        }
        return subscribed != null;
    }

    private void list(RoutingContext ctx) {
        ctx.response().putHeader("Content-Type", Simulator.JSON).end(simulator.encode(List.copyOf(subscriptions.values())));
    }
}
