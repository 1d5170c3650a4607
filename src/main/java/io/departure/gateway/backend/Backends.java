package io.departure.gateway.backend;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.departure.gateway.shedding.Overload;
import io.micrometer.core.instrument.MeterRegistry;
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
    private final RetryConfig retry;
    private final List<Client> open = new CopyOnWriteArrayList<>();
    private final Instance<DefaultLocation> defaults;
    /** Backends opened with no URL configured and nothing here to answer for them. */
    private final List<String> nowhere = new CopyOnWriteArrayList<>();

    private final MeterRegistry registry;
    private final Overload overload;

    Backends(Vertx vertx, ObjectMapper mapper, RestClientsConfig clients, RetryConfig retry, Instance<DefaultLocation> defaults,
            MeterRegistry registry, Overload overload) {
        this.vertx = vertx;
        this.registry = registry;
        this.overload = overload;
        this.mapper = mapper;
        this.clients = clients;
        this.retry = retry;
        this.defaults = defaults;
    }

    /**
     * The backend {@code name}, guarded as {@code config} says: at its configured URL, else at
     * the embedded simulator when it is on. One with neither is listed by {@link #requireLocated}.
     */
    public Backend open(String name, BackendConfig config) {
        RestClientsConfig.RestClientConfig client = clients.clients().get(name);
        String url = client == null ? null : client.url().orElse(null);
        if (url == null) {
            url = defaults.stream().map(location -> location.url(name)).flatMap(java.util.Optional::stream).findFirst().orElse(null);
        }
        if (url == null) {
            nowhere.add(name);
            url = "http://backend-" + name + "-has-no-url.invalid";
        }
        return at(name, URI.create(url), config);
    }

    /**
     * A backend at {@code base} under its own name (its circuit breaker and metrics), guarded as
     * {@code config} says, with the same connection pool settings as every backend: a completion
     * callback's receiving host is one.
     */
    public Backend at(String name, URI base, BackendConfig config) {
        Client http = new Client(vertx, mapper, base, new Client.Pool(
                Duration.ofMillis(clients.connectTimeout()),
                clients.connectionPoolSize().orElse(DEFAULT_POOL),
                Duration.ofMillis(clients.connectionTTL().orElse(DEFAULT_IDLE_MS))), config.http2());
        open.add(http);
        return new Backend(name, config, http,
                new Guard(name, config, retry.jitter(), vertx.getDelegate(), registry, overload::now));
    }

    /**
     * Stops the application at start-up when a backend has nowhere to be called, naming the keys
     * that would tell where: a packaged gateway must not answer from a test double by accident.
     */
    public void requireLocated() {
        if (!nowhere.isEmpty()) {
            StringBuilder keys = new StringBuilder();
            for (String name : nowhere) {
                keys.append(" quarkus.rest-client.").append(name).append(".url (QUARKUS_REST_CLIENT_")
                        .append(name.toUpperCase(java.util.Locale.ROOT)).append("_URL),");
            }
            throw new IllegalStateException("No URL for the backends " + nowhere + ": set" + keys
                    + " or simulator.enabled=true (SIMULATOR_ENABLED=true) to run on the embedded simulator, for a demo");
        }
    }

    /**
     * Sends every call to the backends opened so far to {@code standIn} instead of their URL, until
     * called again with null: the warm-up's stand-ins for them (warmup.WarmUp).
     */
    public void redirect(URI standIn) {
        open.forEach(client -> client.redirect(standIn));
    }

    @PreDestroy
    void close() {
        open.forEach(Client::close);
    }
}
