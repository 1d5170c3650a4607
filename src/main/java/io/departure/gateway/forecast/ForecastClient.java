package io.departure.gateway.forecast;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.departure.gateway.upstream.Budget;
import io.departure.gateway.upstream.ResponseSizeLimit;
import io.smallrye.mutiny.Uni;

/** The forecast service's contract (REST client config key {@code forecast}). */
@RegisterRestClient(configKey = "forecast")
@RegisterProvider(ResponseSizeLimit.class)
@Path("/forecasts")
public interface ForecastClient {

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Forecast> forecast(@QueryParam("airport") String airport, @QueryParam("date") String date,
            @HeaderParam(Budget.HEADER) long budgetMs);
}
