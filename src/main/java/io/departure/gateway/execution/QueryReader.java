package io.departure.gateway.execution;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

import io.departure.gateway.departure.IsoTimes;
import io.departure.gateway.problem.Problem.FieldError;
import io.departure.gateway.problem.ProblemException;
import io.vertx.core.MultiMap;

/**
 * Reads the departure query of every view into one {@link ExecutionQuery}, from a request's
 * parameters (sync and stream views) or a JSON body (async view), and validates and normalises
 * it the same way whichever it came from: a bad one is a 400 problem listing every bad field.
 * Checked by hand, not by Bean Validation: a handful of patterns on the hot path of every
 * request, where a validator engine costs more than the checks themselves.
 */
public final class QueryReader {

    public static final String FLIGHT = "^[A-Za-z0-9]{2}[0-9]{1,4}[A-Za-z]?$";
    public static final String AIRPORT = "^[A-Za-z]{3}$";
    public static final String DATE = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";
    /** What the parameters mean, for the API description of each view that reads them. */
    public static final String FLIGHT_MEANS = "IATA flight designator";
    public static final String DATE_MEANS = "Local departure date, YYYY-MM-DD";
    public static final String FROM_MEANS = "IATA code of the departure airport, if known: the forecast then starts with the flight";
    private static final String NOT_A_BOOLEAN = "must be true or false";

    private QueryReader() {
    }

    /**
     * The query of a request's parameters, asked by {@code subject} (null: nobody in particular).
     *
     * @param watchable whether the view takes {@code watch}; where it does not, the parameter is not read
     * @throws ProblemException a 400 listing every bad parameter
     */
    public static ExecutionQuery parameters(MultiMap parameters, boolean watchable, String subject) {
        List<FieldError> errors = new ArrayList<>(0);
        String watched = watchable ? parameters.get("watch") : null;
        boolean watch = "true".equals(watched);
        if (watched != null && !watch && !"false".equals(watched)) {
            errors.add(new FieldError("watch", NOT_A_BOOLEAN));
        }
        return valid(parameters.get("flight"), parameters.get("date"), parameters.get("from"), watch, subject, errors);
    }

    /**
     * The query of a JSON body {@code { "flight", "date", "from"?, "watch"? }}, asked by {@code subject}.
     *
     * @throws ProblemException a 400 listing every bad field
     */
    public static ExecutionQuery body(JsonNode body, String subject) {
        return body(body, subject, List.of());
    }

    /**
     * The same, for a body whose other fields were read and found wrong as {@code others} says:
     * the 400 lists theirs with the query's.
     */
    public static ExecutionQuery body(JsonNode body, String subject, List<FieldError> others) {
        if (body == null || !body.isObject()) {
            throw ProblemException.invalid(List.of(new FieldError("body", "must be a JSON object with flight and date")));
        }
        List<FieldError> errors = new ArrayList<>(others);
        String flight = text(body, "flight", errors);
        String date = text(body, "date", errors);
        String from = text(body, "from", errors);
        JsonNode watch = body.get("watch");
        if (watch != null && !watch.isNull() && !watch.isBoolean()) {
            errors.add(new FieldError("watch", NOT_A_BOOLEAN));
        }
        return valid(flight, date, from, watch != null && watch.asBoolean(false), subject, errors);
    }

    /** A body field's text; null when absent or not text (then an error says so). */
    private static String text(JsonNode body, String field, List<FieldError> errors) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            errors.add(new FieldError(field, "must be a string"));
            return null;
        }
        return value.asText();
    }

    /**
     * The query when every field is good, normalised to upper case; the fields {@code errors}
     * already names are not checked again.
     */
    private static ExecutionQuery valid(String flight, String date, String from, boolean watch, String subject,
            List<FieldError> errors) {
        if (!named(errors, "flight")) {
            if (flight == null) {
                errors.add(new FieldError("flight", "is required"));
            } else if (!isFlight(flight)) {
                errors.add(new FieldError("flight", "must be an IATA flight designator such as AR1973"));
            }
        }
        if (!named(errors, "date")) {
            if (date == null) {
                errors.add(new FieldError("date", "is required"));
            } else if (!isDate(date)) {
                errors.add(new FieldError("date", "must be a date written YYYY-MM-DD"));
            }
        }
        if (from != null && !isAirport(from)) {
            errors.add(new FieldError("from", "must be a three-letter IATA airport code such as EZE"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return new ExecutionQuery(flight.toUpperCase(Locale.ROOT), date, from == null ? null : from.toUpperCase(Locale.ROOT), watch,
                subject);
    }

    private static boolean named(List<FieldError> errors, String field) {
        for (FieldError error : errors) {
            if (error.field().equals(field)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code value} matches {@link #FLIGHT}, checked by hand: a regular expression's matcher cost more than the rest of the query. */
    static boolean isFlight(String value) {
        int length = value.length();
        if (length < 3 || !isLetterOrDigit(value.charAt(0)) || !isLetterOrDigit(value.charAt(1))) {
            return false;
        }
        int digits = 0;
        while (2 + digits < length && isDigit(value.charAt(2 + digits))) {
            digits++;
        }
        int end = 2 + digits;
        return digits >= 1 && digits <= 4 && (end == length || end == length - 1 && isLetter(value.charAt(end)));
    }

    /** Whether {@code value} matches {@link #AIRPORT}. */
    static boolean isAirport(String value) {
        return value.length() == 3 && isLetter(value.charAt(0)) && isLetter(value.charAt(1)) && isLetter(value.charAt(2));
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isLetter(char c) {
        return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
    }

    private static boolean isLetterOrDigit(char c) {
        return isDigit(c) || isLetter(c);
    }

    /** A calendar date written {@code YYYY-MM-DD} that exists (no 2026-02-30). */
    private static boolean isDate(String value) {
        return IsoTimes.parseLocalDate(value) != null;
    }
}
