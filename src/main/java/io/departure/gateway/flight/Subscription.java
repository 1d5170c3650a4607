package io.departure.gateway.flight;

import jakarta.validation.constraints.NotBlank;

/** A leased subscription to a flight's updates at the flight service. */
public record Subscription(@NotBlank String id, Integer leaseSeconds) {
}
