package io.departure.gateway.execution;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.subscription.Cancellable;
import io.smallrye.mutiny.subscription.MultiEmitter;

/**
 * An execution's events as one connection's event stream, for the stream view and the async
 * view's {@code /events} alike: a {@code retry:} hint, the events as the store has them (after
 * the client's last one, then live), and a comment whenever nothing else was sent for a
 * heartbeat interval. Before a proxy would cut it ({@code departure.stream.max-connection}), and
 * when the gateway begins to shut down, it sends {@code reconnect} and closes: the client's
 * reconnect resumes the execution, here or on another replica.
 */
@ApplicationScoped
public class EventStreams {

    /** How long a client waits before reconnecting, sent first as the {@code retry:} hint. */
    private static final long RECONNECT_MS = 3000;

    private final Duration heartbeat;
    private final Duration maxConnection;
    private final Set<Session> open = ConcurrentHashMap.newKeySet();
    private volatile boolean draining;

    EventStreams(StreamConfig config) {
        this.heartbeat = config.heartbeat();
        this.maxConnection = config.maxConnection();
    }

    /**
     * The stream of {@code events}; however the connection ends, {@code onLeave} is told, so that
     * an execution nobody follows any more can be cancelled after the resume window.
     */
    public Multi<OutboundSseEvent> open(Sse sse, Multi<Recorded> events, Runnable onLeave) {
        return new Session(sse, events, onLeave).open();
    }

    /** Shutdown begins: every open stream asks its client to reconnect, so that none holds the shutdown up. */
    void draining(@Observes ShutdownDelayInitiatedEvent event) {
        draining = true;
        List.copyOf(open).forEach(session -> session.reconnect("shutdown"));
    }

    private final class Session {
        private final Sse sse;
        private final Multi<Recorded> events;
        private final Runnable onLeave;
        /** What the stream started, to cancel when it ends; at once when it already has (told to reconnect meanwhile). */
        private final Cancellables started = new Cancellables();
        private volatile long lastSentAt = System.nanoTime();
        private MultiEmitter<? super OutboundSseEvent> emitter;

        Session(Sse sse, Multi<Recorded> events, Runnable onLeave) {
            this.sse = sse;
            this.events = events;
            this.onLeave = onLeave;
        }

        Multi<OutboundSseEvent> open() {
            return Multi.createFrom().emitter(emitter -> {
                this.emitter = emitter;
                emitter.onTermination(this::stop);
                send(sse.newEventBuilder().comment("departure stream").reconnectDelay(RECONNECT_MS).build());
                // Among the open streams before draining is read, as draining is set before they are listed: a stream
                // opened as shutdown begins is seen by this check, by the broadcast or by both (the first closes it).
                open.add(this);
                if (draining) {
                    reconnect("shutdown");
                    return;
                }
                // Checked eight times an interval: a heartbeat goes out at most 1/8 interval late.
                Duration tick = heartbeat.dividedBy(8).isZero() ? heartbeat : heartbeat.dividedBy(8);
                started.add(Multi.createFrom().ticks().every(tick).subscribe().with(t -> keepAlive()));
                started.add(Uni.createFrom().voidItem().onItem().delayIt().by(maxConnection).subscribe().with(t -> reconnect("max-connection")));
                started.add(events.subscribe().with(this::recorded, failure -> emitter.complete(), emitter::complete));
            });
        }

        private void stop() {
            open.remove(this);
            started.close().forEach(Cancellable::cancel);
            // Off the thread that ended the stream, which may hold the store's lock of the execution.
            Infrastructure.getDefaultExecutor().execute(onLeave);
        }

        private void keepAlive() {
            if (System.nanoTime() - lastSentAt >= heartbeat.toNanos()) {
                send(sse.newEventBuilder().comment("keep-alive").build());
            }
        }

        /** Asks the client to reconnect and closes: the connection has lasted as long as it may, or the gateway stops. */
        void reconnect(String reason) {
            send(sse.newEventBuilder().name("reconnect").data(Map.of("reason", reason)).build());
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
}
