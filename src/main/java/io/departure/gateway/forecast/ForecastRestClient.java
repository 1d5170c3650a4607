package io.departure.gateway.forecast;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.smallrye.mutiny.Uni;

/** The forecast service's JSON call on the REST client, for the client comparison of bench/run --clients. */
@RegisterRestClient(configKey = "forecast")
@Path("/forecasts")
public interface ForecastRestClient {

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Forecast> forecast(@QueryParam("airport") String airport, @QueryParam("date") String date,
            @HeaderParam("X-Request-Timeout-Ms") long budgetMs);
}
