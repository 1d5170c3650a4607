package io.departure.gateway.execution;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A finished execution's events and result, kept in memory as one JSON array. Finished executions
 * are kept by the thousand for the retention period, long enough to outlive several young
 * collections: one array each is less for the collector to copy and trace than the objects
 * behind each event. A result that is its last event's data (the departure, the problem) is not
 * written twice; read back, every event has the type it was written from ({@link EventCodec}).
 */
@RegisterForReflection
record FrozenExecution(List<Recorded> events, Object result, boolean resultIsLastEvent) {

    /** The events and result as JSON; null when they cannot be written, and then the objects are kept. */
    static byte[] freeze(EventCodec codec, List<Recorded> events, Object result) {
        boolean last = !events.isEmpty() && events.get(events.size() - 1).data() == result;
        try {
            return codec.writeBytes(new FrozenExecution(events, last ? null : result, last));
        } catch (JsonProcessingException | RuntimeException e) {
            return null;
        }
    }

    static FrozenExecution thaw(EventCodec codec, byte[] frozen) {
        JsonNode tree = codec.tree(frozen);
        List<Recorded> events = new ArrayList<>(tree.get("events").size());
        for (JsonNode event : tree.get("events")) {
            String id = event.get("id").asText();
            String name = event.get("event").asText();
            events.add(new Recorded(id, name, Instant.parse(event.get("at").asText()), codec.data(name, event.get("data")),
                    Recorded.EventId.parse(id).sequence()));
        }
        boolean last = tree.path("resultIsLastEvent").asBoolean(false);
        Object result = last ? events.get(events.size() - 1).data() : codec.result(tree.get("result"));
        return new FrozenExecution(List.copyOf(events), result, last);
    }
}
