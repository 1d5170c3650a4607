package io.departure.gateway.engine;

import java.time.Duration;

/** A substitute value for a failed step, and how old it is. */
public record Fallback<T>(T value, Duration age) {
}
