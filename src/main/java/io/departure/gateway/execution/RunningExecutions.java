package io.departure.gateway.execution;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import io.departure.gateway.departure.DepartureService;
import io.departure.gateway.execution.Executions.Answered;
import io.departure.gateway.execution.Executions.Spec;
import io.departure.gateway.watch.DepartureWatch;
import io.departure.gateway.watch.WatchConfig;

/**
 * The executions this replica is running, by id: each is here from its launch until it is over
 * here, so that a cancellation, a client's coming and going, or another replica's takeover
 * reaches the one that runs it.
 */
@ApplicationScoped
class RunningExecutions {

    private final Map<String, LiveExecution> running = new ConcurrentHashMap<>();
    private final LiveExecution.Shared shared;

    RunningExecutions(ExecutionStore store, DepartureService departures, DepartureWatch watches, WatchConfig watch, Clock clock,
            Deliveries deliveries) {
        this.shared = new LiveExecution.Shared(store, departures, watches, watch.maxDuration(), clock, deliveries,
                live -> running.remove(live.id(), live));
    }

    /**
     * A new execution running here, to be started or resumed.
     *
     * @param answered told how its departure ended, or null when no client waits for it
     * @param ended run once it is over here, or null
     */
    LiveExecution launch(String id, Spec spec, Consumer<Answered> answered, Runnable ended) {
        LiveExecution live = new LiveExecution(id, spec, shared, answered, ended);
        running.put(id, live);
        return live;
    }

    /** The execution running here under {@code id}, or null when none is. */
    LiveExecution get(String id) {
        return running.get(id);
    }

    List<LiveExecution> all() {
        return List.copyOf(running.values());
    }

    long count(View origin) {
        return running.values().stream().filter(live -> live.origin() == origin).count();
    }
}
