import io.vertx.core.AbstractVerticle;
import io.vertx.core.CompositeFuture;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The throughput floor of a Vert.x aggregator on this machine: the bench's Go peer written on the
 * Vert.x and Netty the gateway ships with (epoll, an event loop a core), and nothing else. Each
 * {@code GET /departure} calls the flight and forecast backends at once, each call under a 3 s
 * timeout, and answers their two bodies merged, as the Go peer does: no validation, no execution, no
 * metrics, no fault tolerance. What it reaches is the most any Vert.x-based gateway could reach here.
 *
 * <pre>
 *   FLIGHT_URL=http://127.0.0.1:18081 FORECAST_URL=http://127.0.0.1:18081 PORT=18092 \
 *     java -cp 'target/quarkus-app/lib/main/*' bench/VertxFloor.java
 * </pre>
 */
public class VertxFloor extends AbstractVerticle {

  private static final Buffer OPEN = Buffer.buffer("{\"flight\":");
  private static final Buffer MIDDLE = Buffer.buffer(",\"forecast\":");
  private static final Buffer CLOSE = Buffer.buffer(",\"complete\":true}\n");

  private final RequestOptions flight = target(System.getenv("FLIGHT_URL"));
  private final RequestOptions forecast = target(System.getenv("FORECAST_URL"));

  public static void main(String[] args) {
    int loops = Integer.parseInt(System.getenv().getOrDefault("LOOPS", String.valueOf(2 * Runtime.getRuntime().availableProcessors())));
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true).setEventLoopPoolSize(loops));
    if (!vertx.isNativeTransportEnabled()) {
      System.err.println("epoll transport unavailable: " + vertx.unavailableNativeTransportCause());
    }
    vertx.deployVerticle(VertxFloor::new, new DeploymentOptions().setInstances(loops))
        .onFailure(failure -> {
          failure.printStackTrace();
          System.exit(1);
        });
  }

  private static RequestOptions target(String url) {
    java.net.URI uri = java.net.URI.create(url);
    return new RequestOptions().setHost(uri.getHost()).setPort(uri.getPort()).setTimeout(3_000);
  }

  @Override
  public void start() {
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true), new PoolOptions().setHttp1MaxSize(256));
    vertx.createHttpServer()
        .requestHandler(request -> {
          String number = request.getParam("flight", "");
          String date = URLEncoder.encode(request.getParam("date", ""), StandardCharsets.UTF_8);
          String from = URLEncoder.encode(request.getParam("from", ""), StandardCharsets.UTF_8);
          Future<Buffer> flightBody = fetch(client, flight, "/flights/" + URLEncoder.encode(number, StandardCharsets.UTF_8) + "?date=" + date);
          Future<Buffer> forecastBody = fetch(client, forecast, "/forecasts?airport=" + from + "&date=" + date);
          Future.all(flightBody, forecastBody).onComplete(both -> {
            if (both.failed()) {
              request.response().setStatusCode(502).end();
              return;
            }
            CompositeFuture answers = both.result();
            Buffer body = Buffer.buffer(512).appendBuffer(OPEN).appendBuffer(answers.resultAt(0))
                .appendBuffer(MIDDLE).appendBuffer(answers.resultAt(1)).appendBuffer(CLOSE);
            request.response().putHeader("content-type", "application/json").end(body);
          });
        })
        .listen(Integer.parseInt(System.getenv().getOrDefault("PORT", "8092")), "127.0.0.1");
  }

  private static Future<Buffer> fetch(HttpClient client, RequestOptions target, String uri) {
    return client.request(new RequestOptions(target).setMethod(HttpMethod.GET).setURI(uri))
        .compose(request -> request.send())
        .compose(response -> response.statusCode() == 200
            ? response.body()
            : Future.failedFuture("backend answered " + response.statusCode()));
  }
}
