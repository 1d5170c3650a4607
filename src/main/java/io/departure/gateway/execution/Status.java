package io.departure.gateway.execution;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Where an execution stands. Every status but {@code RUNNING} is final. */
@RegisterForReflection
public enum Status {
    RUNNING,
    /** The departure is complete (and, watched, the watch ended as it should). */
    SUCCEEDED,
    /** The departure was answered without an optional part. */
    PARTIAL,
    /** A required part failed, or the watch ended with an error. */
    FAILED,
    CANCELLED;

    public boolean running() {
        return this == RUNNING;
    }

    /** Whether a redrive may run it again: it ended without every part, or failed. */
    public boolean redrivable() {
        return this == PARTIAL || this == FAILED;
    }
}
