package floor;

import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

import org.jboss.resteasy.reactive.RestQuery;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientRequest;
import io.vertx.mutiny.core.http.HttpClientResponse;

/**
 * The throughput floor of any gateway written as a Quarkus REST endpoint: bench/VertxFloor.java's
 * work (the flight and forecast backends called at once, each under a 3 s timeout, their bodies
 * merged) behind one {@code GET /departure} that returns a {@code Uni}, with the Mutiny bindings of
 * the Vert.x HTTP client the gateway uses. No validation, execution, metrics or fault tolerance.
 * The backends are on 127.0.0.1, port {@code BACK_PORT}.
 */
@Path("/departure")
@Singleton
public class Departure {

    private final HttpClient client;
    private final int port = Integer.parseInt(System.getenv("BACK_PORT"));

    Departure(Vertx vertx) {
        client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true), new PoolOptions().setHttp1MaxSize(256));
    }

    @GET
    @Produces("application/json")
    public Uni<Buffer> departure(@RestQuery String flight, @RestQuery String date, @RestQuery String from) {
        return Uni.combine().all().unis(get("/flights/" + flight + "?date=" + date), get("/forecasts?airport=" + from + "&date=" + date))
                .with((f, c) -> Buffer.buffer("{\"flight\":").appendBuffer(f).appendString(",\"forecast\":").appendBuffer(c)
                        .appendString(",\"complete\":true}\n"));
    }

    private Uni<Buffer> get(String uri) {
        return client.request(new RequestOptions().setHost("127.0.0.1").setPort(port).setURI(uri).setTimeout(3_000))
                .flatMap(HttpClientRequest::send)
                .flatMap(HttpClientResponse::body)
                .map(body -> body.getDelegate());
    }
}
