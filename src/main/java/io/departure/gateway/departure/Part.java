package io.departure.gateway.departure;

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
public record Part(Outcome outcome, int attempts, long durationMs, Boolean stale, Long ageMs, Boolean shared, Boolean hedged,
        String error) {

    static Part of(StepEvent event) {
        return new Part(event.outcome(), event.attempts(), event.durationMs(), event.stale(), event.ageMs(), event.shared(),
                event.hedged(), event.error());
    }
}
