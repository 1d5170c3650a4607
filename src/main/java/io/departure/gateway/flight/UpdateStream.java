package io.departure.gateway.flight;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Predicate;

import io.departure.gateway.backend.ServerSentEvent;
import io.departure.gateway.engine.Backoff;
import io.departure.gateway.engine.StepFailure;
import io.departure.gateway.watch.Reconnected;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * One watch's flight updates for as long as the watch lasts: the subscription's event stream,
 * opened again with backoff and jitter whenever it ends or drops before a final status (resuming
 * after the last event id the service gave), and the subscription made again when the service
 * answers 404 for it. Each opening is a guarded call, so an open circuit is waited out, not
 * hammered; an update whose id was seen is not relayed twice; once a stream that dropped is open
 * again, a {@link Reconnected} notice is published. Only a final status, or cancelling, ends it.
 */
final class UpdateStream {

    /**
     * The longest wait between two openings. A watch lasts hours: after a long outage it looks
     * again every half minute, rather than at the pace of a request's retries.
     */
    static final Duration LONGEST_WAIT = Duration.ofSeconds(30);
    /** Event ids remembered to recognise an update sent again: more than a stream replays. */
    private static final int REMEMBERED_IDS = 64;
    private static final String ENDED = "the flight's updates ended before it departed";

    /** The flight service's side of a watch, each call guarded. */
    interface Service {
        /** Makes a subscription under {@code idempotencyKey}, or finds the live one made under it. */
        Uni<Subscription> subscribe(String idempotencyKey);

        /** Opens the subscription's event stream, after {@code lastEventId} (null: from now). */
        Uni<Multi<ServerSentEvent>> updates(Subscription subscription, String lastEventId);

        /** An update's flight, checked like any flight answer. */
        Flight flight(ServerSentEvent update);
    }

    /** How one turn ended: with the final flight, or with the stream to open again (null). */
    private record Turn(Flight last) {
        static final Turn AGAIN = new Turn(null);

        boolean isFinal() {
            return last != null;
        }
    }

    private final Service service;
    private final Subscriptions subscriptions;
    private final Backoff backoff;
    private final Predicate<Flight> isFinal;
    private final Consumer<Object> publish;
    /** The event loop the watch runs on, where its calls are made after a wait too. */
    private final Executor loop;

    // Turns run one after the other, not always on one thread: the fields below are read and
    // written under this object's lock, and nothing is called out while it is held.
    private String lastEventId;
    private final Set<String> seen = new LinkedHashSet<>();
    /** Openings that failed since an update came or a stream lasted, which lengthen the wait. */
    private int failures;
    private Duration wait = Duration.ZERO;
    /** Why the stream dropped, until it is open again; null while it is fine. */
    private String dropped;
    private int attempts;
    private boolean gone;
    private boolean resubscribed;
    private long openedAt;

    /**
     * @param isFinal whether an update is the flight's last (departed, cancelled)
     * @param publish told every new flight, and a {@link Reconnected} once a dropped stream is open again
     */
    UpdateStream(Service service, Subscriptions subscriptions, Backoff backoff, Predicate<Flight> isFinal,
            Consumer<Object> publish) {
        this.service = service;
        this.subscriptions = subscriptions;
        this.backoff = backoff;
        this.isFinal = isFinal;
        this.publish = publish;
        Context context = Vertx.currentContext();
        this.loop = context == null ? Runnable::run : command -> context.runOnContext(ignored -> command.run());
    }

    /** The flight's final update, once it comes; cancelling it closes the stream and stops waiting. */
    Uni<Flight> follow() {
        return Multi.createBy().repeating().uni(this::turn).indefinitely()
                .select().where(Turn::isFinal).toUni()
                .map(Turn::last);
    }

    /** Waits as the last turn said, then subscribes again if the subscription is gone, else opens the stream. */
    private Uni<Turn> turn() {
        Duration pause;
        boolean subscribe;
        synchronized (this) {
            pause = wait;
            subscribe = gone;
        }
        Uni<Void> start = pause.isZero() ? Uni.createFrom().voidItem()
                : Uni.createFrom().voidItem().onItem().delayIt().by(pause).emitOn(loop);
        return start.onItem().transformToUni(ignored -> subscribe ? resubscribe() : open());
    }

    private Uni<Turn> open() {
        Subscription subscription;
        String after;
        synchronized (this) {
            if (dropped != null) {
                attempts++;
            }
            subscription = subscriptions.current();
            after = lastEventId;
        }
        return service.updates(subscription, after)
                .onItem().transformToUni(events -> {
                    opened();
                    return events.select().where(this::fresh)
                            .map(service::flight)
                            .invoke(this::relay)
                            .select().where(isFinal)
                            .toUni();
                })
                .map(flight -> flight != null ? new Turn(flight) : ended(null))
                .onFailure().recoverWithItem(this::ended);
    }

    private Uni<Turn> resubscribe() {
        return service.subscribe(subscriptions.key())
                .map(this::subscribed)
                .onFailure().recoverWithItem(failure -> {
                    waitAfter(StepFailure.find(failure));
                    return Turn.AGAIN;
                });
    }

    /** The stream is open: if it had dropped, the watch is told it is reconnected. */
    private void opened() {
        Reconnected notice = null;
        synchronized (this) {
            openedAt = System.nanoTime();
            if (dropped != null) {
                notice = new Reconnected(FlightStep.NAME, attempts, resubscribed, dropped);
                dropped = null;
                attempts = 0;
                resubscribed = false;
            }
        }
        if (notice != null) {
            publish.accept(notice);
        }
    }

    /** Whether an event is a flight update not seen yet; its id, seen or not, is where a reopened stream resumes. */
    private synchronized boolean fresh(ServerSentEvent event) {
        if (!FlightStep.NAME.equals(event.name())) {
            return false;
        }
        if (event.id() == null) {
            return true;
        }
        lastEventId = event.id();
        if (!seen.add(event.id())) {
            return false;
        }
        if (seen.size() > REMEMBERED_IDS) {
            Iterator<String> oldest = seen.iterator();
            oldest.next();
            oldest.remove();
        }
        return true;
    }

    private void relay(Flight flight) {
        synchronized (this) {
            failures = 0;
        }
        publish.accept(flight);
    }

    /**
     * The stream ended ({@code failure} null) or failed before the final update: it is opened
     * again after a wait, through a new subscription when the service lost the old one.
     */
    private synchronized Turn ended(Throwable failure) {
        StepFailure why = failure == null ? null : StepFailure.find(failure);
        if (failure != null && why == null) {
            why = new StepFailure(StepFailure.Kind.UPSTREAM, "flight updates failed: " + failure, null, failure);
        }
        if (openedAt != 0 && System.nanoTime() - openedAt >= LONGEST_WAIT.toNanos()) {
            failures = 0;
        }
        openedAt = 0;
        if (dropped == null) {
            dropped = why == null ? ENDED : why.getMessage();
        }
        if (why != null && why.kind() == StepFailure.Kind.NOT_FOUND) {
            gone = true;
        }
        waitAfter(why);
        return Turn.AGAIN;
    }

    private synchronized Turn subscribed(Subscription made) {
        if (subscriptions.add(made)) {
            gone = false;
            resubscribed = true;
            lastEventId = null;
            seen.clear();
            wait = Duration.ZERO;
        } else {
            waitAfter(null);
        }
        return Turn.AGAIN;
    }

    /** The next wait: the backoff, or longer when the failure says when to try again (an open circuit). */
    private synchronized void waitAfter(StepFailure failure) {
        Duration pause = backoff.delay(failures++);
        Duration asked = failure == null ? null : failure.retryAfter();
        wait = asked != null && asked.compareTo(pause) > 0 ? asked : pause;
    }
}
