package io.departure.gateway.lifecycle;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import io.departure.gateway.backend.RetryConfig;
import io.departure.gateway.engine.Backoff;
import io.departure.gateway.engine.EngineObserver;
import io.departure.gateway.engine.ExecutionEngine;
import io.departure.gateway.execution.Executions;
import io.quarkus.runtime.ShutdownEvent;

/**
 * Builds the engine with its observer (step outcomes and compensations become metrics and
 * logs), and shuts it down with the application: live executions are abandoned so that their
 * compensations (a watch's subscription release, say) run before the process exits.
 */
@ApplicationScoped
public class EngineProducer {

    private static final Logger LOG = Logger.getLogger(EngineProducer.class);

    /** How long a compensation is retried, and how long shutdown waits for compensations. */
    static final Duration COMPENSATION_LIMIT = Duration.ofSeconds(20);

    @Produces
    @Singleton
    ExecutionEngine engine(EngineObserver metrics, RetryConfig retry) {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2), retry.jitter());
        return new ExecutionEngine(metrics, backoff, COMPENSATION_LIMIT);
    }

    void shutdown(@Observes ShutdownEvent event, Executions executions, ExecutionEngine engine) throws InterruptedException {
        // The memory store's executions end with the process and are cancelled; a shared store's
        // are handed over to the other replicas.
        try {
            executions.shutdown().await().atMost(COMPENSATION_LIMIT);
        } catch (RuntimeException e) {
            LOG.warn("shutting down without handing every execution over", e);
        }
        if (!engine.shutdown(COMPENSATION_LIMIT)) {
            LOG.warn("shutting down with compensations still running");
        }
    }
}
