package io.departure.gateway.execution;

/**
 * The view that started an execution, which decides what becomes of it when the replica
 * running it stops: an async execution goes on whoever follows it, a stream's goes on for its
 * client to resume within the resume window, and a sync one is over, since the client that
 * waited for its answer was connected to the replica that stopped.
 */
public enum View {
    SYNC,
    STREAM,
    ASYNC
}
