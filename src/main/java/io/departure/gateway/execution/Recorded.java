package io.departure.gateway.execution;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * One event of an execution as the store keeps it: its id ({@code <execution id>:<sequence>},
 * the SSE id), its name (the SSE event name), when it happened and its data. The data is the
 * value the execution published (a {@code StepEvent}, {@code StepUpdate}, {@code Departure}, ...),
 * in every store: the sync view keeps each departure in the memory store on its hot path, where
 * JSON would cost an encode per event; a store that keeps bytes reads them back into the same
 * types by event name ({@link EventCodec}).
 */
@RegisterForReflection
@JsonPropertyOrder({ "id", "event", "at", "data" })
@Schema(description = "One event of an execution, as the stream view sends it")
public record Recorded(
        @Schema(required = true, description = "<execution>:<sequence>, the SSE id", example = "a297c0f89a786c9dfae90107:1") String id,
        @Schema(required = true, description = "The SSE event name: execution, flight, forecast, departure, error, end")
                String event,
        @Schema(required = true, description = "When it happened") Instant at,
        @Schema(required = true, description = "The event's data (see the stream view)") Object data,
        @JsonIgnore long sequence) {

    /** The id of event {@code sequence} of execution {@code execution}. */
    public static String id(String execution, long sequence) {
        return execution + ':' + sequence;
    }

    /** An event id taken apart, as a client sends it back in {@code Last-Event-ID}. */
    public record EventId(String execution, long sequence) {

        /** @return null when {@code value} is not an event id of this gateway */
        public static EventId parse(String value) {
            if (value == null) {
                return null;
            }
            int colon = value.lastIndexOf(':');
            if (colon <= 0 || colon == value.length() - 1) {
                return null;
            }
            try {
                long sequence = Long.parseLong(value.substring(colon + 1));
                return sequence < 0 ? null : new EventId(value.substring(0, colon), sequence);
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }
}
