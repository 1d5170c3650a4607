package io.departure.gateway.flight;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.smallrye.mutiny.Uni;

/** The flight service's JSON call on the REST client, for the client comparison of bench/run --clients. */
@RegisterRestClient(configKey = "flight")
@Path("/flights")
public interface FlightRestClient {

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Flight> flight(@PathParam("id") String id, @QueryParam("date") String date, @HeaderParam("X-Request-Timeout-Ms") long budgetMs);
}
