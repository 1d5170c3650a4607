package io.departure.gateway.execution;

import java.io.IOException;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The JSON of stored events, for the stores that keep bytes (Redis, a finished execution frozen
 * in memory). It writes an event's data as the views send it and reads it back, by the event's
 * name, into the type it was written from, so that an event is the same value whichever store
 * held it. An event it knows no type for (a newer replica's) stays the JSON tree it was stored as.
 */
public final class EventCodec {

    /** Reads the data of one kind of event back into its type. */
    @FunctionalInterface
    public interface Reader {
        Object read(JsonNode data);
    }

    private final ObjectMapper json;
    private final Map<String, Reader> readers;

    /** @param readers by event name */
    public EventCodec(ObjectMapper json, Map<String, Reader> readers) {
        this.json = json;
        this.readers = Map.copyOf(readers);
    }

    /** A value as JSON text. */
    public String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot be stored as JSON: " + value, e);
        }
    }

    byte[] writeBytes(Object value) throws JsonProcessingException {
        return json.writeValueAsBytes(value);
    }

    /** A stored value that is not an event's data (the query), read into its type. */
    public <T> T read(String value, Class<T> type) {
        try {
            return json.readValue(value, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored execution cannot be read", e);
        }
    }

    JsonNode tree(byte[] value) {
        try {
            return json.readTree(value);
        } catch (IOException e) {
            throw new IllegalStateException("a stored execution cannot be read", e);
        }
    }

    /** The data of an event named {@code event}, from its JSON text. */
    public Object data(String event, String value) {
        return data(event, read(value, JsonNode.class));
    }

    /** The data of an event named {@code event}, from its JSON tree. */
    Object data(String event, JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        Reader reader = readers.get(event);
        if (reader == null) {
            return value;
        }
        try {
            return reader.read(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the " + event + " event of a stored execution cannot be read", e);
        }
    }

    /**
     * A stored result that is not its last event's data, from its JSON text: the departure a watch
     * sent (the only document with {@code complete}), or else a problem.
     */
    public Object result(String value) {
        return result(read(value, JsonNode.class));
    }

    /** The same, from its JSON tree. */
    Object result(JsonNode value) {
        return data(value != null && value.has("complete") ? EventTypes.DEPARTURE : EventTypes.ERROR, value);
    }
}
