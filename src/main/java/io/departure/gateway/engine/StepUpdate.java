package io.departure.gateway.engine;

/** A value a long-running step published before finishing (a watch's flight update, say). */
public record StepUpdate(String step, Object value) implements ExecutionEvent {
}
