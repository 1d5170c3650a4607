package io.departure.gateway.board;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.departure.gateway.departure.DepartureService;
import io.departure.gateway.departure.DepartureStep;
import io.departure.gateway.simulator.SimulatorConfig;
import io.vertx.ext.web.Router;

/**
 * What the departure board at {@code /} (META-INF/resources) needs to know of this gateway: the
 * steps of a departure in part order (a card and a timeline row each, whatever the backends),
 * and whether the embedded simulator is on, so that it shows the simulator's controls only then,
 * without asking {@code /sim} for a 404. Written once at start-up: each request gets the same bytes.
 */
@ApplicationScoped
class BoardSettings {

    void routes(@Observes Router router, SimulatorConfig simulator, DepartureService departures, ObjectMapper json) {
        ObjectNode settings = json.createObjectNode().put("simulator", simulator.enabled());
        ArrayNode steps = settings.putArray("steps");
        for (DepartureStep<?> step : departures.steps()) {
            steps.addObject().put("name", step.name()).put("required", step.required());
        }
        String body = settings.toString();
        router.get("/board/settings").handler(routing -> routing.response().putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store").end(body));
    }
}
