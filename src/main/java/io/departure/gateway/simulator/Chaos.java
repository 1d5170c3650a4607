package io.departure.gateway.simulator;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The latency and faults in force for one simulated backend. */
@RegisterForReflection
public record Chaos(long latencyMs, long jitterMs, double failureRate, Mode mode) {

    /** A partial change, as {@code PUT /sim/chaos/{backend}} takes it: absent fields keep their value. */
    @RegisterForReflection
    public record Update(Long latencyMs, Long jitterMs, Double failureRate, Mode mode) {
    }

    static Chaos of(SimulatorConfig.Backend config) {
        return new Chaos(config.latency().toMillis(), config.jitter().toMillis(), config.failureRate(), Mode.of(config.mode()));
    }

    /** The settings after an update, or an exception naming what is out of range. */
    Chaos with(Update update) {
        Chaos next = new Chaos(
                update.latencyMs() == null ? latencyMs : update.latencyMs(),
                update.jitterMs() == null ? jitterMs : update.jitterMs(),
                update.failureRate() == null ? failureRate : update.failureRate(),
                update.mode() == null ? mode : update.mode());
        if (next.latencyMs < 0 || next.latencyMs > 600_000) {
            throw new IllegalArgumentException("latencyMs must be from 0 to 600000");
        }
        if (next.jitterMs < 0 || next.jitterMs > 600_000) {
            throw new IllegalArgumentException("jitterMs must be from 0 to 600000");
        }
        if (!(next.failureRate >= 0 && next.failureRate <= 1)) {
            throw new IllegalArgumentException("failureRate must be from 0 to 1");
        }
        return next;
    }
}
