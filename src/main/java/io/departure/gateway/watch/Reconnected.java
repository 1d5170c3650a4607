package io.departure.gateway.watch;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What a watch tells its client when the backend stream a part follows dropped and was opened
 * again, so that the client can say so ("reconnected to the flight service"): sent as the
 * {@value #EVENT} event. The part's updates go on as before, none of them sent twice.
 *
 * @param step the followed part, named as its events are ({@code flight})
 * @param attempts the openings it took, the one that succeeded included
 * @param resubscribed whether the backend had lost the subscription, so that it was made again
 * @param cause why the stream had dropped
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({ "step", "state", "attempts", "resubscribed", "cause" })
public record Reconnected(String step, int attempts, boolean resubscribed, String cause) {

    /** The event name on the stream and in an execution's history. */
    public static final String EVENT = "watch";

    /** What happened to the following: {@code reconnected}. */
    @JsonProperty("state")
    public String state() {
        return "reconnected";
    }
}
