package io.departure.gateway.simulator;

import java.time.LocalDate;

import jakarta.enterprise.context.ApplicationScoped;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** The simulated forecast service: plausible weather for any real airport and date. */
@ApplicationScoped
class SimulatedForecasts implements SimulatedBackend {

    static final String NAME = "forecast";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void routes(Router router, Simulator simulator) {
        router.get("/sim/forecasts").handler(ctx -> forecast(ctx, simulator));
    }

    private void forecast(RoutingContext ctx, Simulator simulator) {
        String airport = ctx.queryParams().get("airport");
        LocalDate date = Simulator.date(ctx);
        if (airport == null || !airport.matches("^[A-Za-z]{3}$") || date == null) {
            simulator.problem(ctx.response(), 400, "airport must be an IATA airport code and date a YYYY-MM-DD date");
            return;
        }
        String code = airport.toUpperCase();
        simulator.answer(ctx, NAME, () -> simulator.data().forecast(code, date), "no forecast for " + code + " on " + date);
    }
}
