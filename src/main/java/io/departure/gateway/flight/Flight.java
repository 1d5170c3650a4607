package io.departure.gateway.flight;

import java.time.LocalDate;
import java.time.OffsetDateTime;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/** A flight on a date, as the flight service describes it. */
public record Flight(
        @NotBlank String id,
        @NotNull LocalDate date,
        @NotBlank String status,
        @NotBlank String origin,
        @NotBlank String destination,
        @NotNull OffsetDateTime scheduledDeparture,
        OffsetDateTime estimatedDeparture,
        String gate) {
}
