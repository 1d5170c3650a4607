package io.departure.gateway.flight;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.client.SseEvent;

import io.smallrye.mutiny.Multi;

/**
 * The flight service's long-lived update streams. A client of its own (same {@code flight}
 * configuration, its own connection pool), so that watches, which hold a connection each for
 * hours, never take the connections departures need.
 */
@RegisterRestClient(configKey = "flight")
@Path("/flights")
public interface FlightUpdatesClient {

    /** The subscription's updates: {@code flight} events carrying flight JSON, ending after departure. */
    @GET
    @Path("/{id}/subscriptions/{sid}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    Multi<SseEvent<String>> updates(@PathParam("id") String id, @PathParam("sid") String subscription);
}
