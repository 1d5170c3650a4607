package io.departure.gateway.flight;

import jakarta.ws.rs.GET;
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
}
