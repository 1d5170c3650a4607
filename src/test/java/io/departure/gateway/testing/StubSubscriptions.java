package io.departure.gateway.testing;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * The stub flight service's subscriptions, following the backend contract: {@code POST} makes
 * {@code sub-1}, {@code sub-2}… ({@code 201}), or answers the live one an {@code Idempotency-Key}
 * made ({@code 200}); {@code DELETE} releases one. Its update stream plays one list of flights,
 * one every so often, each connection going on where the subscription's last one stopped: after
 * {@code Last-Event-ID} when ids are on, else with the latest update sent again. Faults a watch
 * must survive are set here: streams that drop, slow heads, subscriptions the service loses. It
 * counts the live subscriptions of each watch (by the execution its key names) as they change.
 */
public final class StubSubscriptions {

    private final Vertx vertx;
    private final Runnable hungUp;

    private volatile List<String> updates = List.of();
    private volatile long everyMs = 100;
    private volatile boolean thenEnd = true;
    private volatile boolean ids;
    private volatile int dropAfter;
    private volatile boolean dropResets;
    private int made;
    private final Deque<Long> slowHeads = new ArrayDeque<>();
    private final Map<String, String> keys = new HashMap<>();
    /** Subscriptions released or lost: their streams end and answer 404. */
    private final Set<String> gone = new HashSet<>();
    /** Updates of each subscription sent so far, by the furthest of its connections. */
    private final Map<String, Integer> played = new HashMap<>();
    private final Map<String, String> watchOf = new HashMap<>();
    private final Map<String, Integer> live = new HashMap<>();
    private final Map<String, Integer> mostLive = new HashMap<>();

    StubSubscriptions(Vertx vertx, Runnable hungUp) {
        this.vertx = vertx;
        this.hungUp = hungUp;
    }

    synchronized void reset() {
        updates = List.of();
        thenEnd = true;
        ids = false;
        dropAfter = 0;
        made = 0;
        slowHeads.clear();
        keys.clear();
        gone.clear();
        played.clear();
        watchOf.clear();
        live.clear();
        mostLive.clear();
    }

    /**
     * What the update streams send: these flight documents, one every {@code everyMs}, then the
     * end of the stream, or nothing more while the caller stays.
     */
    public void updates(List<String> flights, long everyMs, boolean thenEnd) {
        this.updates = List.copyOf(flights);
        this.everyMs = everyMs;
        this.thenEnd = thenEnd;
    }

    /** Updates carry their number as event id, and a stream opened with {@code Last-Event-ID} resumes after it. */
    public void withIds() {
        ids = true;
    }

    /** Every connection is cut once it has sent this many updates: reset, or ended as if the service restarted. */
    public void dropAfter(int updates, boolean reset) {
        dropAfter = updates;
        dropResets = reset;
    }

    /** The next update streams answer their head this much later, one delay each. */
    public synchronized void slowHeads(long... delaysMs) {
        for (long delay : delaysMs) {
            slowHeads.add(delay);
        }
    }

    /** The service forgets a subscription: its streams end, and it answers 404 for it. */
    public synchronized void lose(String subscription) {
        if (gone.add(subscription)) {
            ended(subscription);
        }
    }

    /** The most subscriptions the watch of {@code execution} ever held at once. */
    public synchronized int mostLiveAtOnce(String execution) {
        return mostLive.getOrDefault(execution, 0);
    }

    /** The subscriptions the watch of {@code execution} holds now. */
    public synchronized int live(String execution) {
        return live.getOrDefault(execution, 0);
    }

    void handle(HttpServerRequest request) {
        switch (request.method().name()) {
            case "POST" -> subscribe(request);
            case "DELETE" -> {
                release(request.path().substring(request.path().lastIndexOf('/') + 1));
                request.response().setStatusCode(204).end();
            }
            default -> {
                Long slow;
                synchronized (this) {
                    slow = slowHeads.poll();
                }
                if (slow == null || slow <= 0) {
                    stream(request);
                } else {
                    long timer = vertx.setTimer(slow, id -> stream(request));
                    request.response().closeHandler(closed -> {
                        vertx.cancelTimer(timer);
                        hungUp.run();
                    });
                }
            }
        }
    }

    private synchronized void subscribe(HttpServerRequest request) {
        String key = request.getHeader("Idempotency-Key");
        String held = key == null ? null : keys.get(key);
        boolean again = held != null && !gone.contains(held);
        String id = again ? held : "sub-" + ++made;
        if (!again) {
            if (key != null) {
                keys.put(key, id);
                String watch = key.substring(0, key.indexOf(':') < 0 ? key.length() : key.indexOf(':'));
                watchOf.put(id, watch);
                int now = live.merge(watch, 1, Integer::sum);
                mostLive.merge(watch, now, Math::max);
            }
        }
        request.response().setStatusCode(again ? 200 : 201).putHeader("Content-Type", "application/json")
                .end("{\"id\":\"" + id + "\",\"leaseSeconds\":300}");
    }

    private synchronized void release(String subscription) {
        if (gone.add(subscription)) {
            ended(subscription);
        }
    }

    private void ended(String subscription) {
        String watch = watchOf.get(subscription);
        if (watch != null) {
            live.merge(watch, -1, Integer::sum);
        }
    }

    private void stream(HttpServerRequest request) {
        HttpServerResponse response = request.response();
        if (response.closed()) {
            return;
        }
        String subscription = request.path().split("/")[4];
        int first;
        synchronized (this) {
            if (gone.contains(subscription)) {
                response.setStatusCode(404).putHeader("Content-Type", "application/json").end("{\"status\":404}");
                return;
            }
            first = first(subscription, request.getHeader("Last-Event-ID"));
        }
        response.setChunked(true).putHeader("Content-Type", "text/event-stream");
        response.closeHandler(closed -> {
            if (!response.ended()) {
                hungUp.run();
            }
        });
        response.write(": updates\n\n");
        List<String> toSend = updates;
        boolean end = thenEnd;
        boolean numbered = ids;
        int cut = dropAfter;
        boolean resets = dropResets;
        int[] next = { first };
        int[] sent = { 0 };
        vertx.setPeriodic(everyMs, id -> {
            boolean lost;
            synchronized (this) {
                lost = gone.contains(subscription);
            }
            if (response.closed()) {
                vertx.cancelTimer(id);
            } else if (lost || (cut > 0 && sent[0] >= cut)) {
                vertx.cancelTimer(id);
                if (resets && !lost) {
                    request.connection().close();
                } else {
                    response.end();
                }
            } else if (next[0] < toSend.size()) {
                String event = (numbered ? "id: " + (next[0] + 1) + "\n" : "") + "event: flight\ndata: "
                        + toSend.get(next[0]).replace("\n", "") + "\n\n";
                response.write(event);
                played(subscription, ++next[0]);
                sent[0]++;
            } else if (end) {
                vertx.cancelTimer(id);
                response.end();
            }
        });
    }

    /** Where a connection starts: after the id it names, else at the latest update sent, again. */
    private int first(String subscription, String lastEventId) {
        if (ids && lastEventId != null) {
            return Integer.parseInt(lastEventId.trim());
        }
        return Math.max(0, played.getOrDefault(subscription, 0) - 1);
    }

    private synchronized void played(String subscription, int updates) {
        played.merge(subscription, updates, Math::max);
    }
}
