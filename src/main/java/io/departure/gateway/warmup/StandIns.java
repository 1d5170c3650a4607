package io.departure.gateway.warmup;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

/**
 * Stand-ins for the flight and forecast services on this machine's loopback interface, for the
 * warm-up: every flight exists, on time, from the airport its number picks; every forecast is
 * there. Answered at once, over HTTP/1.1 or HTTP/2 (prior knowledge), as the backend contracts say.
 */
final class StandIns {

    private static final String[] AIRPORTS = { "EZE", "AEP", "COR", "MDZ", "BRC", "ROS", "MVD", "GRU", "SCL", "LIM" };

    private final HttpServer server;

    private StandIns(HttpServer server) {
        this.server = server;
    }

    /** Listening on an ephemeral loopback port. */
    static Future<StandIns> start(Vertx vertx) {
        return vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                .requestHandler(StandIns::answer)
                .listen()
                .map(StandIns::new);
    }

    int port() {
        return server.actualPort();
    }

    Future<Void> close() {
        return server.close();
    }

    /** The airport a flight of the warm-up leaves from. */
    static String origin(String flight) {
        return AIRPORTS[Math.floorMod(flight.hashCode(), AIRPORTS.length)];
    }

    private static void answer(HttpServerRequest request) {
        String path = request.path();
        String date = request.getParam("date", "");
        String body;
        if (path.startsWith("/flights/") && path.indexOf('/', 9) < 0) {
            String flight = path.substring(9);
            body = "{\"id\":\"" + flight + "\",\"date\":\"" + date + "\",\"status\":\"ON_TIME\",\"origin\":\"" + origin(flight)
                    + "\",\"destination\":\"YUL\",\"scheduledDeparture\":\"" + date + "T21:00:00-03:00\",\"estimatedDeparture\":\""
                    + date + "T21:05:00-03:00\",\"gate\":\"A12\"}";
        } else if (path.equals("/forecasts")) {
            body = "{\"airport\":\"" + request.getParam("airport", "") + "\",\"date\":\"" + date
                    + "\",\"summary\":\"cloudy\",\"temperatureC\":18.5,\"precipitationProbability\":0.3,\"windKph\":22.0}";
        } else {
            request.response().setStatusCode(404).end();
            return;
        }
        request.response().putHeader("Content-Type", "application/json").end(body);
    }
}
