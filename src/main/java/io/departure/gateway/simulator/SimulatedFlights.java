package io.departure.gateway.simulator;

import java.time.LocalDate;

import jakarta.enterprise.context.ApplicationScoped;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The simulated flight service: flights by designator and date, and leased subscriptions to
 * their progress ({@link SimulatedSubscriptions}).
 */
@ApplicationScoped
class SimulatedFlights implements SimulatedBackend {

    static final String NAME = "flight";
    private static final String FLIGHT_ID = "^[A-Z0-9]{2}[0-9]{1,4}[A-Z]?$";

    /** A flight designator, upper case, and a date, as a request names them. */
    record FlightDay(String id, LocalDate date) {

        /** The request's flight and date, or null once it has been answered 400 for a bad one. */
        static FlightDay of(RoutingContext ctx, Simulator simulator) {
            String id = ctx.pathParam("id").toUpperCase();
            LocalDate date = Simulator.date(ctx);
            if (!id.matches(FLIGHT_ID) || date == null) {
                simulator.problem(ctx.response(), 400, "flight must be an IATA flight designator and date a YYYY-MM-DD date");
                return null;
            }
            return new FlightDay(id, date);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void routes(Router router, Simulator simulator) {
        new SimulatedSubscriptions(simulator).routes(router);
        router.get("/sim/flights/:id").handler(ctx -> flight(ctx, simulator));
    }

    private void flight(RoutingContext ctx, Simulator simulator) {
        FlightDay day = FlightDay.of(ctx, simulator);
        if (day != null) {
            simulator.answer(ctx, NAME, () -> simulator.data().flight(day.id(), day.date()), "flight " + day.id() + " does not exist on " + day.date());
        }
    }
}
