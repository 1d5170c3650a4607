package io.departure.gateway.ops;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.departure.gateway.engine.ExecutionEngine;

/** Builds the engine with its observer: every published step outcome is recorded as metrics. */
@ApplicationScoped
public class EngineProducer {

    @Produces
    @Singleton
    ExecutionEngine engine(StepMetrics metrics) {
        return new ExecutionEngine(metrics::record);
    }
}
