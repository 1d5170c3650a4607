package io.departure.gateway.departure;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.jboss.resteasy.reactive.RestQuery;

import io.departure.gateway.problem.Problem.FieldError;
import io.departure.gateway.problem.ProblemException;

/**
 * The parameters that name a departure, validated and normalised the same way by every view.
 * Checked by hand, not by Bean Validation: a handful of patterns on the hot path of every
 * request, where a validator engine costs more than the checks themselves.
 */
public class DepartureQuery {

    static final String FLIGHT = "^[A-Za-z0-9]{2}[0-9]{1,4}[A-Za-z]?$";
    static final String AIRPORT = "^[A-Za-z]{3}$";
    static final String DATE = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";
    private static final Pattern FLIGHT_PATTERN = Pattern.compile(FLIGHT);
    private static final Pattern AIRPORT_PATTERN = Pattern.compile(AIRPORT);
    private static final Pattern DATE_PATTERN = Pattern.compile(DATE);

    @RestQuery
    @Parameter(description = "IATA flight designator", example = "AR1973", required = true,
            schema = @Schema(pattern = FLIGHT))
    public String flight;

    @RestQuery
    @Parameter(description = "Local departure date, YYYY-MM-DD", example = "2026-11-27", required = true,
            schema = @Schema(format = "date", pattern = DATE))
    public String date;

    @RestQuery
    @Parameter(description = "IATA code of the departure airport, if known: the forecast then starts with the flight", example = "EZE",
            schema = @Schema(pattern = AIRPORT))
    public String from;

    /** Every bad parameter with what is wrong with it; empty when the query is good. */
    public List<FieldError> violations() {
        List<FieldError> errors = new ArrayList<>(0);
        if (flight == null) {
            errors.add(new FieldError("flight", "is required"));
        } else if (!FLIGHT_PATTERN.matcher(flight).matches()) {
            errors.add(new FieldError("flight", "must be an IATA flight designator such as AR1973"));
        }
        if (date == null) {
            errors.add(new FieldError("date", "is required"));
        } else if (!isDate(date)) {
            errors.add(new FieldError("date", "must be a date written YYYY-MM-DD"));
        }
        if (from != null && !AIRPORT_PATTERN.matcher(from).matches()) {
            errors.add(new FieldError("from", "must be a three-letter IATA airport code such as EZE"));
        }
        return errors;
    }

    /**
     * The query itself when it and the view's own parameters are good.
     *
     * @throws ProblemException a 400 problem listing every bad parameter
     */
    public DepartureQuery requireValid(FieldError... more) {
        List<FieldError> errors = violations();
        for (FieldError error : more) {
            if (error != null) {
                errors.add(error);
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return this;
    }

    /** A calendar date written {@code YYYY-MM-DD} that exists (no 2026-02-30). */
    private static boolean isDate(String value) {
        if (!DATE_PATTERN.matcher(value).matches()) {
            return false;
        }
        try {
            LocalDate.parse(value);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

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
