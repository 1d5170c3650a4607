package io.departure.gateway.execution.redis;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.departure.gateway.execution.EventCodec;
import io.departure.gateway.execution.ExecutionQuery;
import io.departure.gateway.execution.ExecutionStatus;
import io.departure.gateway.execution.ExecutionStore.Claimed;
import io.departure.gateway.execution.Recorded;
import io.departure.gateway.execution.Status;
import io.departure.gateway.execution.View;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

/**
 * How an execution is laid out in Redis and read back: a hash (query, origin, started at,
 * deadline, status, owner, result, redrives, the callback and its delivery) and a stream of its
 * events, whose entry ids are the events' sequence numbers ({@code 1-<sequence>}); every value is
 * JSON through the {@link EventCodec}. The Lua scripts name the same keys.
 */
final class RedisCodec {

    /** Where a replica that cancels an execution tells the one that runs it. */
    static final String CANCEL_CHANNEL = "departure:cancel";

    private final EventCodec json;

    RedisCodec(EventCodec json) {
        this.json = json;
    }

    /** The execution's hash; the braces keep all of its keys in one cluster slot. */
    static String key(String id) {
        return "departure:{" + id + "}";
    }

    static String events(String id) {
        return key(id) + ":events";
    }

    /** Set while a client follows the execution on some replica, for the resume window. */
    static String seen(String id) {
        return key(id) + ":seen";
    }

    /** The execution that an idempotency key names. */
    static String idempotency(String key) {
        return "departure:key:" + key;
    }

    /** The execution that a redrive's idempotency key names. */
    static String redriveKey(String key) {
        return "departure:redrive:" + key;
    }

    /** The running executions a replica owns, and the ended ones whose callback it owes. */
    static String owned(String replica) {
        return "departure:owned:" + replica;
    }

    /** A replica's lease, which it renews while it lives. */
    static String lease(String replica) {
        return "departure:replica:" + replica;
    }

    /** The execution whose stream key this is. */
    static String id(String events) {
        return events.substring(events.indexOf('{') + 1, events.indexOf('}'));
    }

    /** The entry id of event {@code sequence}, or the start of the stream when it is negative. */
    static String entryId(long sequence) {
        return sequence < 0 ? "0-0" : "1-" + sequence;
    }

    String write(Object value) {
        return json.write(value);
    }

    ExecutionQuery query(String stored) {
        return json.read(stored, ExecutionQuery.class);
    }

    /** One entry of an execution's stream: the event, and whether it is the last one. */
    record Entry(Recorded recorded, boolean last) {
    }

    Entry entry(String id, Response entry) {
        String streamId = entry.get(0).toString();
        long sequence = Long.parseLong(streamId.substring(streamId.indexOf('-') + 1));
        Response fields = entry.get(1);
        String event = null;
        String data = null;
        long at = 0;
        boolean last = false;
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            String value = fields.get(i + 1).toString();
            switch (fields.get(i).toString()) {
                case "e" -> event = value;
                case "t" -> at = Long.parseLong(value);
                case "d" -> data = value;
                case "f" -> last = true;
                default -> {
                }
            }
        }
        return new Entry(new Recorded(Recorded.id(id, sequence), event, Instant.ofEpochMilli(at),
                data == null ? null : json.data(event, data), sequence), last);
    }

    /** The requests that read an execution whole, for {@link #execution}. */
    static List<Request> load(String id) {
        return List.of(
                Request.cmd(Command.HMGET).arg(key(id)).arg("query").arg("origin").arg("startedAt").arg("deadline").arg("status")
                        .arg("endedAt").arg("result").arg("redriveCount").arg("redrivenAt").arg("callback").arg("delivery")
                        .arg("deliveredAt").arg("attempts").arg("lastError"),
                Request.cmd(Command.XRANGE).arg(events(id)).arg("-").arg("+"));
    }

    /** An execution as {@link #load} read it, with what it takes to continue it; null when unknown or expired. */
    Claimed execution(String id, List<Response> responses) {
        Response fields = responses.get(0);
        if (fields == null || fields.get(0) == null) {
            return null;
        }
        List<Recorded> history = new ArrayList<>();
        for (Response entry : responses.get(1)) {
            history.add(entry(id, entry).recorded());
        }
        Status status = Status.valueOf(fields.get(4).toString());
        Object result = null;
        if (!status.running()) {
            String stored = fields.get(6) == null ? "" : fields.get(6).toString();
            result = !stored.isEmpty() ? json.result(stored) : history.isEmpty() ? null : history.get(history.size() - 1).data();
        }
        ExecutionStatus document = new ExecutionStatus(id, status, query(fields.get(0).toString()),
                Instant.ofEpochMilli(fields.get(2).toLong()), instant(fields.get(5)), result, List.copyOf(history),
                fields.get(7) == null ? 0 : fields.get(7).toInteger(), instant(fields.get(8)), callback(fields));
        return new Claimed(document, View.valueOf(fields.get(1).toString()), Instant.ofEpochMilli(fields.get(3).toLong()));
    }

    private static Instant instant(Response millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis.toLong());
    }

    /** The callback and its delivery, as {@link #load} read them; null without one. */
    private static ExecutionStatus.Callback callback(Response fields) {
        String url = fields.get(9) == null ? "" : fields.get(9).toString();
        if (url.isEmpty()) {
            return null;
        }
        return new ExecutionStatus.Callback(url, fields.get(10) == null ? null : ExecutionStatus.Delivery.of(fields.get(10).toString()),
                instant(fields.get(11)), fields.get(12) == null ? null : fields.get(12).toInteger(),
                fields.get(13) == null ? null : fields.get(13).toString());
    }
}
