package io.departure.gateway.upstream;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.Config;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.vertx.core.Vertx;

/**
 * The HTTP clients of the backends, configured by the backend's name under the REST client's
 * keys (the contract's {@code quarkus.rest-client.<name>.url}; pool size, connect timeout and
 * idle time shared with the REST client, whose values application.properties sets).
 */
@ApplicationScoped
public class Backends {

    private final Vertx vertx;
    private final ObjectMapper mapper;
    private final Config config;
    private final List<BackendHttp> open = new CopyOnWriteArrayList<>();

    Backends(Vertx vertx, ObjectMapper mapper, Config config) {
        this.vertx = vertx;
        this.mapper = mapper;
        this.config = config;
    }

    /** The client of backend {@code name}, over HTTP/2 when {@code http2} ({@link BackendConfig#http2()}). */
    public BackendHttp client(String name, boolean http2) {
        URI url = URI.create(config.getValue("quarkus.rest-client." + name + ".url", String.class));
        int pool = config.getValue("quarkus.rest-client.connection-pool-size", Integer.class);
        long connect = config.getValue("quarkus.rest-client.connect-timeout", Long.class);
        long ttl = config.getValue("quarkus.rest-client.connection-ttl", Long.class);
        BackendHttp client = new BackendHttp(vertx, mapper, url, pool, Duration.ofMillis(connect), Duration.ofMillis(ttl),
                http2);
        open.add(client);
        return client;
    }

    @PreDestroy
    void close() {
        open.forEach(BackendHttp::close);
    }
}
