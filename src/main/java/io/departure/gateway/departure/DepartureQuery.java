package io.departure.gateway.departure;

import java.time.LocalDate;
import java.util.Locale;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.jboss.resteasy.reactive.RestQuery;

/** The parameters that name a departure, validated and normalised the same way by every view. */
public class DepartureQuery {

    static final String FLIGHT = "^[A-Za-z0-9]{2}[0-9]{1,4}[A-Za-z]?$";
    static final String AIRPORT = "^[A-Za-z]{3}$";

    @RestQuery
    @NotNull(message = "is required")
    @Pattern(regexp = FLIGHT, message = "must be an IATA flight designator such as AR1973")
    @Parameter(description = "IATA flight designator", example = "AR1973", required = true)
    public String flight;

    @RestQuery
    @NotNull(message = "is required")
    @IsoDate
    @Parameter(description = "Local departure date", example = "2026-11-27", required = true)
    public String date;

    @RestQuery
    @Pattern(regexp = AIRPORT, message = "must be a three-letter IATA airport code such as EZE")
    @Parameter(description = "IATA code of the departure airport, if known: the forecast then starts with the flight", example = "EZE")
    public String from;

    /** The flight designator in upper case. */
    public String flightId() {
        return flight.toUpperCase(Locale.ROOT);
    }

    public LocalDate localDate() {
        return LocalDate.parse(date);
    }

    /** The departure airport in upper case, or null when the flight must tell it. */
    public String fromAirport() {
        return from == null ? null : from.toUpperCase(Locale.ROOT);
    }
}
