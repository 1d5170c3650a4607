package io.departure.gateway.simulator;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** How a simulated backend misbehaves. */
@RegisterForReflection
public enum Mode {
    /** Answers well after its latency. */
    NORMAL,
    /** Answers 500. */
    ERROR,
    /** Never answers; the connection stays open until the caller closes it. */
    HANG,
    /** Closes the connection without answering. */
    RESET,
    /** Answers 200 with a body that is not valid JSON. */
    MALFORMED,
    /** Answers 200 and sends the body a byte at a time, 100 ms apart. */
    SLOW_BODY,
    /** Answers 404. */
    NOT_FOUND,
    /**
     * Answers as normal, but resets every subscription's update stream after two updates, as a
     * restarting service or a proxy closing connections would; the stream opened again with
     * {@code Last-Event-ID} goes on after the last update received.
     */
    DROP_UPDATES;

    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @JsonCreator
    public static Mode of(String label) {
        return Arrays.stream(values()).filter(m -> m.label().equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown mode " + label + "; one of "
                        + Arrays.stream(values()).map(Mode::label).collect(Collectors.joining(", "))));
    }
}
