package io.departure.gateway.simulator;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.properties.IfBuildProperty;

import io.vertx.ext.web.Router;

/** The test-only lounge backend's simulator part: one lounge at every airport. */
@IfBuildProperty(name = "test.lounge", stringValue = "true")
@ApplicationScoped
public class SimulatedLounges implements SimulatedBackend {

    @Override
    public String name() {
        return "lounge";
    }

    @Override
    public void routes(Router router, Simulator simulator) {
        router.get("/sim/lounges").handler(ctx -> {
            String airport = ctx.queryParams().get("airport");
            simulator.answer(ctx, name(), () -> Map.of("airport", airport, "name", airport + " Sky Lounge", "open", true),
                    "no lounge at " + airport);
        });
    }
}
