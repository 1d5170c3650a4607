package io.departure.gateway.flight;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

import io.departure.gateway.upstream.Contract;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** A flight on a date, as the flight service describes it. */
@RegisterForReflection
public record Flight(
        String id,
        LocalDate date,
        String status,
        String origin,
        String destination,
        OffsetDateTime scheduledDeparture,
        OffsetDateTime estimatedDeparture,
        String gate) implements Contract {

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
