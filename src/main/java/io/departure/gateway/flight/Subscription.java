package io.departure.gateway.flight;

import java.util.List;

import io.departure.gateway.backend.Contract;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** A leased subscription to a flight's updates at the flight service. */
@RegisterForReflection
public record Subscription(String id, Integer leaseSeconds) implements Contract {

    @Override
    public List<String> violations() {
        return new Check().notBlank("id", id).result();
    }
}
