package io.departure.gateway.execution;

/**
 * The completion callbacks this process owes, as the execution side sees them: it says when one
 * is owed (an execution it ended, or whose owner died, has a callback) and when one no longer is
 * (the execution was redriven, or another process took it). The callback package delivers them.
 */
public interface Deliveries {

    /** Delivers the callback of the execution's latest end, if it has one and it is pending; a delivery under way is replaced. */
    void owe(String id);

    /** Stops delivering the execution's callback here. */
    void drop(String id);

    /** Stops every delivery here, for shutdown: with a shared store another process takes them over. */
    void stop();
}
