package io.departure.gateway.upstream;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.departure.gateway.config.GatewayConfig;
import io.quarkus.restclient.config.RestClientsConfig;
import io.vertx.mutiny.core.Vertx;

/**
 * Opens backends by name: their client and guard. Where a backend is and how its connections
 * are kept are read under the keys the design names, {@code quarkus.rest-client.<name>.url}
 * and the pool's {@code quarkus.rest-client.connect-timeout}, {@code connection-pool-size} and
 * {@code connection-ttl} (milliseconds).
 */
@ApplicationScoped
public class Backends {

    private static final int DEFAULT_POOL = 10_000;
    /**
     * Idle connections close after 10 s: a pool looks at all its connections to choose one, so
     * the thousands a burst opens must not linger once it is over.
     */
    private static final int DEFAULT_IDLE_MS = 10_000;

    private final Vertx vertx;
    private final ObjectMapper mapper;
    private final RestClientsConfig clients;
    private final GatewayConfig gateway;
    private final List<BackendClient> open = new CopyOnWriteArrayList<>();

    Backends(Vertx vertx, ObjectMapper mapper, RestClientsConfig clients, GatewayConfig gateway) {
        this.vertx = vertx;
        this.mapper = mapper;
        this.clients = clients;
        this.gateway = gateway;
    }

    /**
     * The backend {@code name}, guarded as {@code config} says.
     *
     * @throws IllegalStateException when its URL is not configured
     */
    public Backend open(String name, BackendConfig config) {
        RestClientsConfig.RestClientConfig client = clients.clients().get(name);
        String url = client == null ? null : client.url().orElse(null);
        if (url == null) {
            throw new IllegalStateException("backend " + name + " has no URL: set quarkus.rest-client." + name + ".url");
        }
        BackendClient http = new BackendClient(vertx, mapper, URI.create(url), new BackendClient.Pool(
                Duration.ofMillis(clients.connectTimeout()),
                clients.connectionPoolSize().orElse(DEFAULT_POOL),
                Duration.ofMillis(clients.connectionTTL().orElse(DEFAULT_IDLE_MS))), config.http2());
        open.add(http);
        return new Backend(name, config, http, new BackendGuard(name, config, gateway.retry().jitter()));
    }

    @PreDestroy
    void close() {
        open.forEach(BackendClient::close);
    }
}
