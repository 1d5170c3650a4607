package io.departure.gateway.ops;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.departure.gateway.execution.ExecutionStore;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;

/**
 * Reports whether the execution store answers: every departure is recorded there, so a replica
 * whose Redis server is out of reach can serve nothing and is taken out of the load balancer.
 */
@Readiness
@ApplicationScoped
public class ExecutionStoreHealth implements AsyncHealthCheck {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final ExecutionStore store;

    ExecutionStoreHealth(ExecutionStore store) {
        this.store = store;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return store.ping().ifNoItem().after(TIMEOUT).fail()
                .map(kind -> HealthCheckResponse.named("execution-store").up().withData("store", kind).build())
                .onFailure().recoverWithItem(failure -> HealthCheckResponse.named("execution-store").down()
                        .withData("error", String.valueOf(failure.getMessage())).build());
    }
}
