package io.departure.gateway.execution;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.departure.gateway.departure.DepartureService;
import io.departure.gateway.engine.Outcome;
import io.departure.gateway.engine.StepEvent;
import io.departure.gateway.engine.StepUpdate;

/**
 * Where an execution stands by its stored events, for the replica that continues it: the steps
 * whose outcome is stored (not to be called again), and once its departure was sent (a watch),
 * when, and each part's latest value. After a {@code redrive} event, the run before it counts only
 * by the steps whose outcome was {@code ok}: the others run again, and the departure is sent again.
 *
 * @param sentAt when the departure was sent; null when it was not yet
 */
record Replay(Map<String, StepEvent> known, Map<String, Object> latest, Instant sentAt) {

    static Replay of(List<Recorded> history, DepartureService departures) {
        Map<String, StepEvent> known = new LinkedHashMap<>();
        Map<String, Object> latest = new HashMap<>();
        Instant sentAt = null;
        for (Recorded event : history) {
            if (Redrive.EVENT.equals(event.event())) {
                known.values().removeIf(outcome -> outcome.outcome() != Outcome.OK);
                latest.clear();
                sentAt = null;
            } else if ("departure".equals(event.event())) {
                sentAt = event.at();
            } else if (departures.parts().contains(event.event())) {
                if (sentAt == null && event.data() instanceof StepEvent outcome) {
                    known.put(event.event(), outcome);
                } else if (sentAt != null && event.data() instanceof StepUpdate update) {
                    latest.put(event.event(), update.value());
                }
            }
        }
        return new Replay(known, latest, sentAt);
    }

    boolean departureSent() {
        return sentAt != null;
    }

    /** What is left at {@code now} of a watch limited to {@code limit} from the departure sent; never negative. */
    Duration watchLeft(Instant now, Duration limit) {
        Duration left = Duration.between(now, sentAt.plus(limit));
        return left.isNegative() ? Duration.ZERO : left;
    }
}
