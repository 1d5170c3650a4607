package io.departure.gateway.engine;

/** What an execution publishes: a step's outcome, or an update from a long-running step. */
public sealed interface ExecutionEvent permits StepEvent, StepUpdate {

    String step();
}
