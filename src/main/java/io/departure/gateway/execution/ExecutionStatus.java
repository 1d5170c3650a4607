package io.departure.gateway.execution;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The status document of an execution ({@code GET /departures/{id}}): where it stands, what it
 * was asked, when it started and ended, its result once done (the departure, or the problem
 * that failed it) and its history of events.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "An execution: where it stands, what it was asked, its result once done and its history of events")
public record ExecutionStatus(
        @Schema(required = true, description = "The execution's id", example = "a297c0f89a786c9dfae90107") String id,
        @Schema(required = true, description = "RUNNING, then SUCCEEDED (complete), PARTIAL (an optional part missing), "
                + "FAILED (the flight failed) or CANCELLED") Status status,
        @Schema(required = true, description = "What it was asked") ExecutionQuery query,
        @Schema(required = true, description = "When it started") Instant startedAt,
        @Schema(description = "When it ended") Instant endedAt,
        @Schema(description = "Once it ended: the departure (as GET /departure answers it), or the problem that failed it",
                oneOf = { io.departure.gateway.departure.Departure.class, io.departure.gateway.problem.Problem.class }) Object result,
        @Schema(required = true, description = "Its events so far, as the stream view sends them; every run's, when redriven")
                List<Recorded> history,
        @Schema(required = true, description = "How many times it was redriven (POST /departures/{id}/redrive)") int redriveCount,
        @Schema(description = "When it was last redriven") Instant redrivenAt,
        @Schema(description = "Its completion callback, when one was asked for") Callback callback) {

    /** The same execution before any redrive and without a callback. */
    public ExecutionStatus(String id, Status status, ExecutionQuery query, Instant startedAt, Instant endedAt, Object result,
            List<Recorded> history) {
        this(id, status, query, startedAt, endedAt, result, history, 0, null, null);
    }

    /**
     * A completion callback: where the gateway POSTs the status document when the execution ends,
     * and, once it has ended, how the delivery of that end goes.
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "A completion callback and the delivery of the execution's latest end")
    public record Callback(
            @Schema(required = true, description = "Where the status document is POSTed when the execution ends",
                    example = "https://hooks.example.com/departures") String url,
            @Schema(description = "Once it has ended: pending (being delivered, retried on failure), delivered, or failed "
                    + "(given up: the receiver refused it, or `departure.callbacks.retry-for` passed)") Delivery state,
            @Schema(description = "When the receiver accepted it") Instant deliveredAt,
            @Schema(description = "Deliveries tried for this end") Integer attempts,
            @Schema(description = "Why the last try failed") String lastError) {

        /** A callback not yet owed: the execution runs. */
        public static Callback to(String url) {
            return new Callback(url, null, null, null, null);
        }

        /** Owed for the end that just happened, not yet tried. */
        public Callback owed() {
            return new Callback(url, Delivery.PENDING, null, 0, null);
        }

        /** The delivery's state after one more try. */
        public Callback tried(Delivery state, Instant deliveredAt, String lastError) {
            return new Callback(url, state, deliveredAt, attempts == null ? 1 : attempts + 1, lastError);
        }
    }

    /** Where the delivery of an end's callback stands. */
    @RegisterForReflection
    public enum Delivery {
        PENDING,
        DELIVERED,
        FAILED;

        @JsonValue
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Delivery of(String label) {
            return label == null || label.isEmpty() ? null : valueOf(label.toUpperCase(java.util.Locale.ROOT));
        }
    }
}
