package io.departure.gateway.departure;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.departure.gateway.engine.Outcome;
import io.departure.gateway.engine.StepEvent;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * How one step of a departure went, as reported in {@code parts}: {@code shared} when its call
 * shared an identical one already in flight, {@code hedged} when a second attempt was sent while
 * the first was slow (both counted in {@code attempts}).
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "How one step of the departure went")
public record Part(
        @Schema(required = true, description = "ok, fallback (a substitute value: stale), timeout, failed, circuit-open, "
                + "rejected (concurrency limit), skipped (a step it needs failed), cancelled") Outcome outcome,
        @Schema(required = true, description = "Calls made to the backend, hedges included", example = "1") int attempts,
        @Schema(required = true, description = "From the step's start to its outcome", example = "301") long durationMs,
        @Schema(description = "True when the value is a substitute (a last known forecast)") Boolean stale,
        @Schema(description = "Age of a stale value, ms") Long ageMs,
        @Schema(description = "True when the call shared an identical one already in flight") Boolean shared,
        @Schema(description = "True when a second attempt was sent while the first was slow") Boolean hedged,
        @Schema(description = "Why the step has no fresh value (every outcome but ok)") String error) {

    static Part of(StepEvent event) {
        return new Part(event.outcome(), event.attempts(), event.durationMs(), event.stale(), event.ageMs(), event.shared(),
                event.hedged(), event.error());
    }
}
