package io.departure.gateway.flight;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.departure.gateway.backend.Contract;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** A flight on a date, as the flight service describes it. */
@RegisterForReflection
@Schema(description = "A flight on a date, as the flight service describes it")
public record Flight(
        @Schema(required = true, description = "IATA flight designator", example = "AR1973") String id,
        @Schema(required = true, description = "Local departure date") LocalDate date,
        @Schema(required = true, description = "Where the flight stands: SCHEDULED, ON_TIME, DELAYED, BOARDING, DEPARTED, "
                + "CANCELLED", example = "ON_TIME") String status,
        @Schema(required = true, description = "IATA code of the departure airport", example = "EZE") String origin,
        @Schema(required = true, description = "IATA code of the arrival airport", example = "YUL") String destination,
        @Schema(required = true, description = "Scheduled departure, in the departure airport's offset") OffsetDateTime scheduledDeparture,
        @Schema(description = "Expected departure, in the departure airport's offset") OffsetDateTime estimatedDeparture,
        @Schema(description = "Departure gate, when assigned", example = "A12") String gate) implements Contract {

    @Override
    public List<String> violations() {
        return new Check()
                .notBlank("id", id)
                .notNull("date", date)
                .notBlank("status", status)
                .notBlank("origin", origin)
                .notBlank("destination", destination)
                .notNull("scheduledDeparture", scheduledDeparture)
                .result();
    }
}
