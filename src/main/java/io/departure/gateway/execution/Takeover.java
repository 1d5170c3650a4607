package io.departure.gateway.execution;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;

/**
 * How this replica shares executions with the others through a shared store: it continues those
 * whose replica died from their stored events (and the completion callbacks it owed), stops those
 * another replica took over or cancelled, and hands its own over when it shuts down. With the
 * memory store, shutdown cancels them.
 */
@ApplicationScoped
class Takeover implements ExecutionStore.Owner {

    private static final Logger LOG = Logger.getLogger(Takeover.class);

    private final ExecutionStore store;
    private final RunningExecutions running;
    private final StreamTerms terms;
    private final Deliveries deliveries;

    Takeover(ExecutionStore store, RunningExecutions running, StreamTerms terms, Deliveries deliveries) {
        this.store = store;
        this.running = running;
        this.terms = terms;
        this.deliveries = deliveries;
    }

    void started(@Observes StartupEvent event) {
        store.serve(this);
    }

    /** See {@link Executions#shutdown}. */
    Uni<Void> shutdown() {
        deliveries.stop();
        if (!store.shared()) {
            running.all().forEach(live -> live.cancelQuietly("the gateway is shutting down"));
            return Uni.createFrom().voidItem();
        }
        running.all().forEach(LiveExecution::stop);
        return store.handOver();
    }

    @Override
    public void lost(String id) {
        LiveExecution live = running.get(id);
        if (live != null) {
            live.stop();
        }
        deliveries.drop(id);
    }

    @Override
    public void owes(String id) {
        deliveries.owe(id);
    }

    @Override
    public void claimed(ExecutionStore.Claimed claimed) {
        ExecutionStatus status = claimed.status();
        if (claimed.origin() == View.SYNC) {
            // Its client waited on the replica that stopped: nobody is left to answer.
            store.cancel(status.id(), LiveExecution.cancelled("the replica that answered its client stopped")).subscribe().with(ignored -> {
            }, failure -> LOG.debugf(failure, "cancelling execution %s", status.id()));
            return;
        }
        LiveExecution live = running.launch(status.id(),
                terms.continued(status.query(), claimed.origin(), claimed.deadline()).withCallbackOf(status), null, null);
        LOG.infof("continuing execution %s (%s, %d events so far), its replica having stopped", status.id(), claimed.origin(),
                status.history().size());
        live.resume(status.history());
        if (claimed.origin() == View.STREAM) {
            live.left(terms.resumeWindow());
        }
    }
}
