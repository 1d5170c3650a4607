package io.departure.gateway.board;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.departure.gateway.simulator.SimulatorConfig;
import io.vertx.ext.web.Router;

/**
 * What the departure board at {@code /} (META-INF/resources) needs to know of this gateway:
 * whether the embedded simulator is on, so that it shows the simulator's controls only then,
 * without asking {@code /sim} for a 404.
 */
@ApplicationScoped
class BoardSettings {

    void routes(@Observes Router router, SimulatorConfig simulator) {
        String settings = "{\"simulator\":" + simulator.enabled() + "}";
        router.get("/board/settings").handler(routing -> routing.response().putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store").end(settings));
    }
}
