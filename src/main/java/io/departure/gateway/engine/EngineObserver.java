package io.departure.gateway.engine;

/** Sees what the engine does, for metrics and logs. Called on engine threads: it must not block. */
public interface EngineObserver {

    /** A step finished. */
    default void stepFinished(StepEvent event) {
    }

    /**
     * A compensation ended: it succeeded, or it failed for good after its retries.
     *
     * @param failure null when it succeeded
     */
    default void compensated(String step, int attempts, Throwable failure) {
    }
}
