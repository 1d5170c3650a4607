package io.departure.gateway.flight;

import static io.departure.gateway.backend.Client.encode;

import java.time.LocalDate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;

import io.departure.gateway.backend.Backend;
import io.departure.gateway.backend.Call;
import io.departure.gateway.backend.Failures;
import io.departure.gateway.backend.ServerSentEvent;
import io.departure.gateway.engine.StepContext;
import io.departure.gateway.engine.StepFailure;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;

/**
 * The flight service's subscription calls for one watched flight, made by one step of the watch:
 * each goes through the flight's guard and counts as an attempt of that step. Answers are checked
 * like any flight answer; a 404 for the subscription reads as its being gone.
 *
 * @param context the step that makes the calls
 */
record SubscriptionCalls(Backend backend, ObjectReader flights, StepContext context, String flight, LocalDate date)
        implements UpdateStream.Service {

    /** Registers a subscription; retried like an idempotent call, since a repeat under the key finds the first. */
    @Override
    public Uni<Subscription> subscribe(String idempotencyKey) {
        Call call = Call.of(context, backend.timeout(), FlightStep.notFound(flight, date)).keyed(idempotencyKey);
        return backend.call(call, (http, budget) -> http.json(HttpMethod.POST, "/flights/" + encode(flight) + "/subscriptions?date=" + date,
                budget, Subscription.class, call.idempotencyKey())
                .map(subscription -> Failures.requireValid(FlightStep.NAME, subscription)));
    }

    /** One opening of the subscription's event stream: its answer is bounded by an attempt's timeout, its events by the watch. */
    @Override
    public Uni<Multi<ServerSentEvent>> updates(Subscription subscription, String lastEventId) {
        String gone = "subscription " + subscription.id() + " does not exist";
        return backend.call(Call.of(context, backend.timeout(), gone).once(),
                (http, budget) -> http.events(path(flight, subscription) + "/events", budget, context.deadline().remaining(), lastEventId))
                .map(events -> events.onFailure(failure -> !(failure instanceof StepFailure))
                        .transform(failure -> Failures.classify(FlightStep.NAME, gone, failure)));
    }

    @Override
    public Flight flight(ServerSentEvent update) {
        try {
            return Failures.requireValid(FlightStep.NAME, update.data() == null ? null : flights.readValue(update.data()));
        } catch (JsonProcessingException e) {
            throw Failures.classify(FlightStep.NAME, "", e);
        }
    }

    /** Releases a subscription, through the limits a release passes; one already gone counts as released. */
    static Uni<Void> release(Backend backend, String flight, Subscription subscription) {
        return backend.call(Call.release(backend.timeout(), "subscription " + subscription.id() + " is gone"),
                (http, budget) -> http.json(HttpMethod.DELETE, path(flight, subscription), budget, Void.class))
                .onFailure(failure -> failure instanceof StepFailure f && f.kind() == StepFailure.Kind.NOT_FOUND)
                .recoverWithNull()
                .replaceWithVoid();
    }

    private static String path(String flight, Subscription subscription) {
        return "/flights/" + encode(flight) + "/subscriptions/" + encode(subscription.id());
    }
}
