package io.departure.gateway.callback;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.departure.gateway.backend.RetryConfig;
import io.departure.gateway.engine.Backoff;
import io.departure.gateway.execution.Deliveries;
import io.departure.gateway.execution.ExecutionStatus;
import io.departure.gateway.execution.ExecutionStatus.Callback;
import io.departure.gateway.execution.ExecutionStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

/**
 * The completion callbacks this process delivers, one {@link Delivery} per execution: the status
 * document of its latest end, signed ({@link WebhookSignature}) and POSTed through the receiving
 * host's guard ({@link Receivers}), its progress recorded in the store, where a replica that takes
 * the execution over finds it. Counts deliveries by outcome
 * ({@code departure_callback_deliveries_total}) and times them from the end
 * ({@code departure_callback_delay_seconds}). A gateway that allows callback hosts without a
 * secret to sign with does not start.
 */
@Startup
@ApplicationScoped
public class CallbackDeliveries implements Deliveries {

    private final Map<String, Delivery> deliveries = new ConcurrentHashMap<>();
    private final ExecutionStore store;
    private final Receivers receivers;
    private final WebhookSignature signature;
    private final ObjectMapper json;
    private final Vertx vertx;
    private final Clock clock;
    private final Duration retryFor;
    private final Backoff backoff;
    private final Map<ExecutionStatus.Delivery, Counter> outcomes = new ConcurrentHashMap<>();
    private final Timer delay;
    private final Delivery.Context context = new Context();
    private volatile boolean stopped;

    CallbackDeliveries(ExecutionStore store, Receivers receivers, CallbackPolicy policy, CallbacksConfig config, RetryConfig retry,
            ObjectMapper json, Vertx vertx, Clock clock, MeterRegistry registry) {
        this.store = store;
        this.receivers = receivers;
        this.json = json;
        this.vertx = vertx;
        this.clock = clock;
        this.retryFor = config.retryFor();
        this.backoff = new Backoff(config.backoff().initial(), config.backoff().max(), retry.jitter());
        this.signature = signature(config, policy);
        for (ExecutionStatus.Delivery outcome : List.of(ExecutionStatus.Delivery.DELIVERED, ExecutionStatus.Delivery.FAILED)) {
            outcomes.put(outcome, Counter.builder("departure.callback.deliveries").tag("outcome", outcome.label())
                    .description("Completion callbacks by how their delivery ended: delivered, or failed (refused, or given up)")
                    .register(registry));
        }
        this.delay = Timer.builder("departure.callback.delay").description("From an execution's end to its callback's delivery")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofHours(1))
                .register(registry);
    }

    private static WebhookSignature signature(CallbacksConfig config, CallbackPolicy policy) {
        String secret = config.secret().orElse(null);
        if (secret == null) {
            if (policy.any()) {
                throw new IllegalStateException("departure.callbacks.allowed-hosts names hosts, but departure.callbacks.secret "
                        + "(DEPARTURE_CALLBACKS_SECRET) is not set: set it to whsec_ and the base64 of 24 to 64 random bytes");
            }
            return null;
        }
        try {
            return new WebhookSignature(secret);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("departure.callbacks.secret is not a webhook secret: " + e.getMessage()
                    + " (whsec_ and the base64 of 24 to 64 random bytes)", e);
        }
    }

    @Override
    public void owe(String id) {
        if (stopped || signature == null) {
            return;
        }
        Delivery delivery = new Delivery(id, context);
        Delivery replaced = deliveries.put(id, delivery);
        if (replaced != null) {
            replaced.stop();
        }
        delivery.start();
    }

    @Override
    public void drop(String id) {
        Delivery delivery = deliveries.remove(id);
        if (delivery != null) {
            delivery.stop();
        }
    }

    @Override
    public void stop() {
        stopped = true;
        deliveries.keySet().forEach(this::drop);
    }

    /** The message id of an end's callback: the same for every try, another for each end. */
    static String messageId(ExecutionStatus status) {
        return status.id() + "-" + status.redriveCount();
    }

    private final class Context implements Delivery.Context {

        @Override
        public Uni<ExecutionStatus> status(String id) {
            return store.status(id);
        }

        @Override
        public Uni<Void> send(ExecutionStatus status) {
            byte[] body;
            try {
                body = json.writeValueAsBytes(status);
            } catch (JsonProcessingException e) {
                return Uni.createFrom().failure(e);
            }
            return receivers.post(status.callback().url(), body, signature.headers(messageId(status), now().getEpochSecond(), body));
        }

        @Override
        public Uni<Boolean> record(ExecutionStatus status, Callback delivery) {
            return store.delivered(status.id(), status.redriveCount(), delivery);
        }

        @Override
        public Instant now() {
            return clock.instant();
        }

        @Override
        public Duration backoff(int tries) {
            return backoff.delay(Math.max(0, tries - 1));
        }

        @Override
        public Duration retryFor() {
            return retryFor;
        }

        @Override
        public long timer(Duration wait, Runnable then) {
            return vertx.setTimer(Math.max(1, wait.toMillis()), ignored -> then.run());
        }

        @Override
        public void cancelTimer(long timer) {
            vertx.cancelTimer(timer);
        }

        @Override
        public void over(Delivery delivery, ExecutionStatus.Delivery outcome, ExecutionStatus status) {
            deliveries.remove(delivery.id(), delivery);
            if (outcome != null) {
                outcomes.get(outcome).increment();
            }
            if (outcome == ExecutionStatus.Delivery.DELIVERED && status.endedAt() != null) {
                delay.record(Duration.between(status.endedAt(), now()));
            }
        }
    }
}
