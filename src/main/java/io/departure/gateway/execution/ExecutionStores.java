package io.departure.gateway.execution;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;


/**
 * The execution store {@code departure.store} names: in memory, or in Redis. Only the one chosen
 * is created, so the memory store needs no Redis client configured.
 */
@ApplicationScoped
class ExecutionStores {

    @Produces
    @Singleton
    ExecutionStore store(StoreConfig config, Instance<MemoryExecutionStore> memory, Instance<RedisExecutionStore> redis) {
        return switch (config.store()) {
            case MEMORY -> memory.get();
            case REDIS -> redis.get();
        };
    }
}
