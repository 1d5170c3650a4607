package io.departure.gateway.backend;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.vertx.core.buffer.Buffer;

/**
 * One event of a {@code text/event-stream}: its name ({@code message} when unnamed), its data, and
 * the id it was sent with (null when it had no {@code id:} field of its own), which a stream opened
 * again sends back as {@code Last-Event-ID} to resume after it.
 */
public record ServerSentEvent(String name, String data, String id) {

    /**
     * Reads events out of a stream's chunks as they come, following the SSE format:
     * {@code event:}, {@code data:} and {@code id:} fields, a blank line ending an event, comments
     * ignored. Lines are cut at their bytes, so a character split across two chunks is decoded whole.
     */
    static final class Parser {

        private final int maxPending;
        private Buffer pending = Buffer.buffer();
        private String name;
        private StringBuilder data;
        private String id;

        Parser(int maxPending) {
            this.maxPending = maxPending;
        }

        List<ServerSentEvent> feed(Buffer chunk) {
            pending.appendBuffer(chunk);
            List<ServerSentEvent> events = new ArrayList<>(1);
            int start = 0;
            for (int i = 0; i < pending.length(); i++) {
                if (pending.getByte(i) == '\n') {
                    int end = i > start && pending.getByte(i - 1) == '\r' ? i - 1 : i;
                    line(pending.getString(start, end, StandardCharsets.UTF_8.name()), events);
                    start = i + 1;
                }
            }
            pending = pending.getBuffer(start, pending.length());
            if (pending.length() > maxPending) {
                throw new Answers.TooLargeAnswer("event stream line over the limit of " + maxPending + " bytes");
            }
            return events;
        }

        private void line(String line, List<ServerSentEvent> events) {
            if (line.isEmpty()) {
                if (data != null) {
                    events.add(new ServerSentEvent(name == null ? "message" : name, data.toString(), id));
                }
                name = null;
                data = null;
                id = null;
                return;
            }
            if (line.startsWith(":")) {
                return;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            if (field.equals("event")) {
                name = value;
            } else if (field.equals("data")) {
                data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            } else if (field.equals("id") && value.indexOf('\0') < 0) {
                id = value;
            }
        }
    }
}
