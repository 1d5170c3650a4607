package io.departure.gateway.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import io.departure.gateway.departure.Departure;
import io.departure.gateway.departure.DepartureQuery;
import io.departure.gateway.departure.DepartureService;
import io.departure.gateway.engine.StepEvent;
import io.departure.gateway.problem.Problem;
import io.departure.gateway.problem.ProblemException;
import io.departure.gateway.watch.DepartureWatch;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.mutiny.subscription.MultiEmitter;

/**
 * One client's event stream: a {@code retry:} hint, the departure's step events as they come,
 * the departure or an error, then (watching) the departure's changes and {@code end}. Sends a
 * comment whenever nothing else was sent for a heartbeat interval. When the client goes away,
 * everything the stream started is cancelled; the engine then releases what was leased.
 */
final class StreamSession {

    /** How long a client waits before reconnecting, sent first as the {@code retry:} hint. */
    static final long RECONNECT_MS = 3000;

    private final Sse sse;
    private final Duration heartbeat;
    private final DepartureService departures;
    private final Multi<StepEvent> departure;
    private final DepartureWatch watches;
    private final DepartureQuery query;
    private final AtomicLong ids = new AtomicLong();
    private final List<StepEvent> outcomes = new ArrayList<>();
    private final List<Cancellable> started = new ArrayList<>();
    private volatile long lastSentAt = System.nanoTime();
    private MultiEmitter<? super OutboundSseEvent> emitter;

    StreamSession(Sse sse, Duration heartbeat, DepartureService departures, Multi<StepEvent> departure, DepartureWatch watches,
            DepartureQuery query) {
        this.sse = sse;
        this.heartbeat = heartbeat;
        this.departures = departures;
        this.departure = departure;
        this.watches = watches;
        this.query = query;
    }

    Multi<OutboundSseEvent> open() {
        return Multi.createFrom().emitter(emitter -> {
            this.emitter = emitter;
            emitter.onTermination(this::stop);
            send(sse.newEventBuilder().comment("departure stream").reconnectDelay(RECONNECT_MS).build());
            // Checked eight times an interval: a heartbeat goes out at most 1/8 interval late.
            Duration tick = heartbeat.dividedBy(8).isZero() ? heartbeat : heartbeat.dividedBy(8);
            start(Multi.createFrom().ticks().every(tick).subscribe().with(t -> keepAlive()));
            start(departure.subscribe().with(this::stepFinished, this::broken, this::departureDone));
        });
    }

    private synchronized void start(Cancellable cancellable) {
        started.add(cancellable);
    }

    private synchronized void stop() {
        started.forEach(Cancellable::cancel);
        started.clear();
    }

    private void keepAlive() {
        if (System.nanoTime() - lastSentAt >= heartbeat.toNanos()) {
            send(sse.newEventBuilder().comment("keep-alive").build());
        }
    }

    private void stepFinished(StepEvent event) {
        synchronized (this) {
            outcomes.add(event);
        }
        named(event.step(), event);
    }

    private void departureDone() {
        List<StepEvent> events;
        synchronized (this) {
            events = List.copyOf(outcomes);
        }
        Departure result = Departure.of(departures.parts(), events);
        StepEvent failed = events.stream().filter(StepEvent::failsExecution).findFirst().orElse(null);
        if (failed != null) {
            named("error", ProblemException.from(failed).withParts(result.parts()).problem());
            emitter.complete();
            return;
        }
        named("departure", result);
        if (watches == null) {
            emitter.complete();
            return;
        }
        String over = watches.finalState(result);
        if (over != null) {
            end(new DepartureWatch.End(over, null));
        } else {
            start(watches.watch(departures.facts(query, result), result, update -> named(update.step(), update))
                    .subscribe().with(this::end, this::broken));
        }
    }

    private void end(DepartureWatch.End end) {
        named("end", end);
        emitter.complete();
    }

    private void broken(Throwable failure) {
        named("error", Problem.of("internal", "Internal error", 500, "the stream failed unexpectedly"));
        emitter.complete();
    }

    private void named(String name, Object data) {
        send(sse.newEventBuilder()
                .id(Long.toString(ids.incrementAndGet()))
                .name(name)
                .data(data)
                .build());
    }

    private void send(OutboundSseEvent event) {
        lastSentAt = System.nanoTime();
        emitter.emit(event);
    }
}
