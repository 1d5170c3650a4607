package io.departure.gateway.callback;

import java.net.InetAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.departure.gateway.backend.Backend;
import io.departure.gateway.backend.BackendConfig;
import io.departure.gateway.backend.Backends;
import io.departure.gateway.backend.Call;
import io.departure.gateway.backend.Client;
import io.departure.gateway.engine.Deadline;
import io.departure.gateway.engine.StepFailure;
import io.smallrye.mutiny.Uni;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.net.SocketAddress;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;

/**
 * The hosts that receive completion callbacks, each a backend of its own (its client, and a guard
 * with a timeout, a circuit breaker and a concurrency limit of its own), called like any backend.
 * A receiver's name is resolved without blocking and the address checked before it is called;
 * the call connects to that very address, so a name that resolves elsewhere the second time is
 * not called there.
 */
@ApplicationScoped
class Receivers {

    private final Backends backends;
    private final CallbackPolicy policy;
    private final VertxInternal vertx;
    private final BackendConfig guard;
    private final Map<String, Backend> byHost = new ConcurrentHashMap<>();

    Receivers(Backends backends, CallbackPolicy policy, Vertx vertx, CallbacksConfig config) {
        this.backends = backends;
        this.policy = policy;
        this.vertx = (VertxInternal) vertx.getDelegate();
        this.guard = new ReceiverGuard(config);
    }

    /**
     * POSTs {@code body} with {@code headers} to {@code url}, once: fails with a {@link StepFailure}
     * (retryable: a timeout, a connection failure, a 5xx, an open circuit or a full limit).
     */
    Uni<Void> post(String url, byte[] body, Map<String, String> headers) {
        URI target = URI.create(url);
        String host = CallbackPolicy.host(target.getHost());
        boolean https = "https".equalsIgnoreCase(target.getScheme());
        int port = target.getPort() > 0 ? target.getPort() : https ? 443 : 80;
        String path = (target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath())
                + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery());
        String scheme = https ? "https" : "http";
        String origin = scheme + "://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        Backend backend = byHost.computeIfAbsent(origin, named -> backends.at("callback " + named, URI.create(named), guard));
        Call call = new Call(Deadline.in(guard.timeout()), guard.timeout(), false, () -> {
        }, "the receiver answered HTTP 404", false, null);
        return resolve(host).onItem().transformToUni(address -> {
            String refused = policy.refusal(address);
            if (refused != null) {
                return Uni.createFrom().failure(new StepFailure(StepFailure.Kind.REFUSED, host + " " + refused));
            }
            SocketAddress server = SocketAddress.inetSocketAddress(port, address.getHostAddress());
            return backend.call(call, (client, budget) -> client.post(path, budget, Buffer.buffer(body), headers, server))
                    .onFailure().transform(Receivers::redirectRefused);
        });
    }

    /** A redirect is not followed, nor tried again: the receiver refused the callback at that URL. */
    private static Throwable redirectRefused(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof Client.UnexpectedStatus answered && answered.status() >= 300 && answered.status() < 400) {
                return new StepFailure(StepFailure.Kind.REFUSED, "the receiver answered HTTP " + answered.status()
                        + " (redirects are not followed)", null, failure);
            }
        }
        return failure;
    }

    /** The address a host names: its own when it is an IP literal, else asked of Vert.x's resolver (DNS, without blocking). */
    private Uni<InetAddress> resolve(String host) {
        InetAddress literal = CallbackPolicy.literal(host);
        if (literal != null) {
            return Uni.createFrom().item(literal);
        }
        return Uni.createFrom().<InetAddress> emitter(emitter -> vertx.resolveAddress(host, resolved -> {
            if (resolved.succeeded()) {
                emitter.complete(resolved.result());
            } else {
                emitter.fail(new StepFailure(StepFailure.Kind.UPSTREAM, host + " cannot be resolved: " + resolved.cause().getMessage()));
            }
        }));
    }
}
