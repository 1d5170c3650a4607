package io.departure.gateway.execution;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Which store keeps executions ({@code departure.store}). */
@ConfigMapping(prefix = "departure")
public interface StoreConfig {

    /** Where executions are kept: {@code memory} (one process) or {@code redis} (shared by replicas, {@code quarkus.redis.hosts}). */
    @WithDefault("memory")
    StoreKind store();

    enum StoreKind {
        MEMORY,
        REDIS
    }
}
