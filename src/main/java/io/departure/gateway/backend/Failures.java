package io.departure.gateway.backend;

import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JacksonException;

import io.departure.gateway.engine.StepFailure;
import io.departure.gateway.engine.StepFailure.Kind;
import io.vertx.core.VertxException;

/** Classifies what a backend call threw into the step failure kinds the guards and views act on. */
public final class Failures {

    private Failures() {
    }

    /**
     * @param backend the backend's name, for messages
     * @param notFound the message for a 404, which the caller phrases for its domain
     */
    public static StepFailure classify(String backend, String notFound, Throwable failure) {
        StepFailure known = StepFailure.find(failure);
        if (known != null) {
            return known;
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof Client.TooLarge || t instanceof JacksonException) {
                return new StepFailure(Kind.INVALID_RESPONSE, backend + " answered with an invalid body: " + firstLine(t), null, failure);
            }
            int status = t instanceof Client.UnexpectedStatus unexpected ? unexpected.status() : 0;
            if (status >= 400) {
                if (status == 404) {
                    return new StepFailure(Kind.NOT_FOUND, notFound, null, failure);
                }
                return new StepFailure(status >= 500 ? Kind.UPSTREAM : Kind.REFUSED, backend + " answered HTTP " + status, null, failure);
            }
            if (t instanceof IOException || t instanceof VertxException) {
                return new StepFailure(Kind.UPSTREAM, backend + " connection failed: " + firstLine(t), null, failure);
            }
        }
        return new StepFailure(Kind.UPSTREAM, backend + " call failed: " + firstLine(failure), null, failure);
    }

    /** A backend answer that parsed but breaks the contract's shape. */
    public static <T extends Contract> T requireValid(String backend, T value) {
        if (value == null) {
            throw new StepFailure(Kind.INVALID_RESPONSE, backend + " answered with an empty body");
        }
        List<String> violations = value.violations();
        if (!violations.isEmpty()) {
            throw new StepFailure(Kind.INVALID_RESPONSE, backend + " answered with an invalid body: "
                    + violations.stream().sorted().collect(Collectors.joining(", ")));
        }
        return value;
    }

    private static String firstLine(Throwable t) {
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
