package io.departure.gateway.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.departure.gateway.callback.CallbacksConfig;
import io.departure.gateway.callback.WebhookSignature;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * A receiver of completion callbacks for demos, under {@code /sim/callbacks} where the simulator
 * is on: it checks each callback's signature with {@code departure.callbacks.secret}, keeps the
 * last {@value #KEPT} it received ({@code GET /sim/callbacks}, newest first, with how long after
 * its execution's end each came), and answers {@code 204}, or the status {@code ?status=} asks
 * for, so that a demo can show a delivery retried.
 */
@ApplicationScoped
class CallbackReceiver {

    static final String PATH = "/sim/callbacks";
    private static final int KEPT = 50;
    private static final int MAX_BODY = 1024 * 1024;

    private final SimulatorConfig config;
    private final WebhookSignature signature;
    private final ObjectMapper json;
    private final Clock clock;
    private final Deque<ObjectNode> received = new ArrayDeque<>(KEPT);

    CallbackReceiver(SimulatorConfig config, CallbacksConfig callbacks, ObjectMapper json, Clock clock) {
        this.config = config;
        this.json = json;
        this.clock = clock;
        WebhookSignature verifier = null;
        try {
            verifier = callbacks.secret().map(WebhookSignature::new).orElse(null);
        } catch (IllegalArgumentException e) {
            // The gateway refuses to start with such a secret: nothing to verify with here.
        }
        this.signature = verifier;
    }

    void routes(@Observes Router router) {
        if (!config.enabled()) {
            return;
        }
        router.post(PATH).handler(BodyHandler.create().setBodyLimit(MAX_BODY)).handler(this::receive);
        router.get(PATH).handler(this::list);
    }

    private void receive(RoutingContext ctx) {
        Instant now = clock.instant();
        byte[] body = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        String id = ctx.request().getHeader(WebhookSignature.ID);
        String timestamp = ctx.request().getHeader(WebhookSignature.TIMESTAMP);
        ObjectNode callback = json.createObjectNode().put("webhookId", id).put("receivedAt", now.toString())
                .put("verified", verified(id, timestamp, body, ctx.request().getHeader(WebhookSignature.SIGNATURE)));
        JsonNode document = read(body);
        callback.put("execution", document.path("id").asText(null)).put("status", document.path("status").asText(null));
        if (document.hasNonNull("endedAt")) {
            callback.put("delayMs", Duration.between(Instant.parse(document.get("endedAt").asText()), now).toMillis());
        }
        int status = answer(ctx.queryParams().get("status"));
        callback.put("answered", status);
        synchronized (received) {
            if (received.size() == KEPT) {
                received.removeLast();
            }
            received.addFirst(callback);
        }
        ctx.response().setStatusCode(status).end();
    }

    private boolean verified(String id, String timestamp, byte[] body, String signatures) {
        try {
            return signature != null && id != null && timestamp != null
                    && signature.verifies(id, Long.parseLong(timestamp), body, signatures);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private JsonNode read(byte[] body) {
        try {
            JsonNode document = json.readTree(body);
            return document == null ? json.createObjectNode() : document;
        } catch (java.io.IOException | RuntimeException e) {
            return json.createObjectNode();
        }
    }

    /** The status asked for with {@code ?status=}, if it is one (100 to 599); else 204. */
    private static int answer(String asked) {
        try {
            int status = asked == null ? 204 : Integer.parseInt(asked);
            return status >= 100 && status <= 599 ? status : 204;
        } catch (NumberFormatException e) {
            return 204;
        }
    }

    private void list(RoutingContext ctx) {
        ArrayNode all = json.createArrayNode();
        List<ObjectNode> kept;
        synchronized (received) {
            kept = List.copyOf(received);
        }
        kept.forEach(all::add);
        ctx.response().putHeader("Content-Type", Simulator.JSON).putHeader("Cache-Control", "no-store").end(all.toString());
    }
}
