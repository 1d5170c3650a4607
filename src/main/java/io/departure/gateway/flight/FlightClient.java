package io.departure.gateway.flight;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.departure.gateway.upstream.Budget;
import io.departure.gateway.upstream.ResponseSizeLimit;
import io.smallrye.mutiny.Uni;

/** The flight service's contract (REST client config key {@code flight}). */
@RegisterRestClient(configKey = "flight")
@RegisterProvider(ResponseSizeLimit.class)
@Path("/flights")
public interface FlightClient {

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Flight> flight(@PathParam("id") String id, @QueryParam("date") String date, @HeaderParam(Budget.HEADER) long budgetMs);

    /** Registers a subscription (a leased resource) to the flight's updates. */
    @POST
    @Path("/{id}/subscriptions")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Subscription> subscribe(@PathParam("id") String id, @QueryParam("date") String date,
            @HeaderParam(Budget.HEADER) long budgetMs);

    /** Releases a subscription; 404 (already gone) counts as released. */
    @DELETE
    @Path("/{id}/subscriptions/{sid}")
    Uni<Void> unsubscribe(@PathParam("id") String id, @PathParam("sid") String subscription,
            @HeaderParam(Budget.HEADER) long budgetMs);
}
