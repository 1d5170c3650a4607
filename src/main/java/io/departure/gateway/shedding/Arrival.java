package io.departure.gateway.shedding;

import java.time.Duration;

import io.vertx.ext.web.RoutingContext;

/** When a request arrived, as Quarkus records it ({@code quarkus.http.record-request-start-time}). */
public final class Arrival {

    static final String ARRIVED = "io.quarkus.request-start-time";

    private Arrival() {
    }

    /** How long ago the request arrived (zero when that was not recorded). */
    public static Duration waited(RoutingContext routing) {
        Long arrived = routing.get(ARRIVED);
        return arrived == null ? Duration.ZERO : Duration.ofNanos(Math.max(0, System.nanoTime() - arrived));
    }
}
