package io.departure.gateway.execution;

import java.time.Clock;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.departure.gateway.warmup.WarmUpConfig;
import io.smallrye.common.annotation.Identifier;

/**
 * The execution store {@code departure.store} names: each store is a bean identified by that
 * value ({@code memory}, {@code redis}), and only the one chosen is created, so the memory store
 * needs no Redis client configured. With a warm-up, a {@link WarmingStore} in front of it keeps
 * the warm-up's executions out of it.
 */
@ApplicationScoped
class ExecutionStores {

    @Produces
    @Singleton
    ExecutionStore store(StoreConfig config, @Any Instance<ExecutionStore> stores, WarmUpConfig warmUp, ExecutionsConfig executions,
            ExecutionIds ids, Clock clock, EventCodec codec) {
        ExecutionStore configured = stores.select(Identifier.Literal.of(config.store().name().toLowerCase(Locale.ROOT))).get();
        return warmUp.duration().isZero() ? configured
                : new WarmingStore(new MemoryExecutionStore(executions, ids, clock, codec), configured);
    }
}
