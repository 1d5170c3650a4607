package io.departure.gateway.execution;

import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.smallrye.common.annotation.Identifier;

/**
 * The execution store {@code departure.store} names: each store is a bean identified by that
 * value ({@code memory}, {@code redis}), and only the one chosen is created, so the memory store
 * needs no Redis client configured.
 */
@ApplicationScoped
class ExecutionStores {

    @Produces
    @Singleton
    ExecutionStore store(StoreConfig config, @Any Instance<ExecutionStore> stores) {
        return stores.select(Identifier.Literal.of(config.store().name().toLowerCase(Locale.ROOT))).get();
    }
}
