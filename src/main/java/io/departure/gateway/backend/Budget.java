package io.departure.gateway.backend;

/** The header that tells a backend how much time it has left. */
public final class Budget {

    public static final String HEADER = "X-Request-Timeout-Ms";

    private Budget() {
    }
}
