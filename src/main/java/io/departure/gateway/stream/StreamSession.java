package io.departure.gateway.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import io.departure.gateway.execution.Recorded;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.mutiny.subscription.MultiEmitter;

/**
 * One connection's event stream of an execution: a {@code retry:} hint, the execution's events
 * as the store has them (replayed after the client's last one, then live), and a comment
 * whenever nothing else was sent for a heartbeat interval. Before a proxy would cut it
 * ({@code departure.stream.max-connection}) it sends {@code reconnect} and closes, and the
 * client's reconnect resumes the execution. However the connection ends, {@code onLeave} is
 * told, so that an execution nobody follows any more is cancelled after the resume window.
 */
final class StreamSession {

    /** How long a client waits before reconnecting, sent first as the {@code retry:} hint. */
    static final long RECONNECT_MS = 3000;

    private final Sse sse;
    private final Duration heartbeat;
    private final Duration maxConnection;
    private final Multi<Recorded> events;
    private final Runnable onLeave;
    private final List<Cancellable> started = new ArrayList<>();
    private volatile long lastSentAt = System.nanoTime();
    private MultiEmitter<? super OutboundSseEvent> emitter;

    StreamSession(Sse sse, Duration heartbeat, Duration maxConnection, Multi<Recorded> events, Runnable onLeave) {
        this.sse = sse;
        this.heartbeat = heartbeat;
        this.maxConnection = maxConnection;
        this.events = events;
        this.onLeave = onLeave;
    }

    Multi<OutboundSseEvent> open() {
        return Multi.createFrom().emitter(emitter -> {
            this.emitter = emitter;
            emitter.onTermination(this::stop);
            send(sse.newEventBuilder().comment("departure stream").reconnectDelay(RECONNECT_MS).build());
            // Checked eight times an interval: a heartbeat goes out at most 1/8 interval late.
            Duration tick = heartbeat.dividedBy(8).isZero() ? heartbeat : heartbeat.dividedBy(8);
            start(Multi.createFrom().ticks().every(tick).subscribe().with(t -> keepAlive()));
            start(Uni.createFrom().voidItem().onItem().delayIt().by(maxConnection).subscribe().with(t -> reconnect()));
            start(events.subscribe().with(this::recorded, failure -> emitter.complete(), emitter::complete));
        });
    }

    private synchronized void start(Cancellable cancellable) {
        started.add(cancellable);
    }

    private void stop() {
        List<Cancellable> running;
        synchronized (this) {
            running = List.copyOf(started);
            started.clear();
        }
        running.forEach(Cancellable::cancel);
        // Off the thread that ended the stream, which may hold the store's lock of the execution.
        Infrastructure.getDefaultExecutor().execute(onLeave);
    }

    private void keepAlive() {
        if (System.nanoTime() - lastSentAt >= heartbeat.toNanos()) {
            send(sse.newEventBuilder().comment("keep-alive").build());
        }
    }

    /** Asks the client to reconnect, as the connection has lasted as long as it may. */
    private void reconnect() {
        send(sse.newEventBuilder().name("reconnect").data(Map.of("reason", "max-connection")).build());
        emitter.complete();
    }

    private void recorded(Recorded event) {
        send(sse.newEventBuilder().id(event.id()).name(event.event()).data(event.data()).build());
    }

    private synchronized void send(OutboundSseEvent event) {
        lastSentAt = System.nanoTime();
        emitter.emit(event);
    }
}
