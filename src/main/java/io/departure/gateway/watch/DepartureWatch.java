package io.departure.gateway.watch;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import io.departure.gateway.config.GatewayConfig;
import io.departure.gateway.engine.ExecutionEngine;
import io.departure.gateway.engine.ExecutionEvent;
import io.departure.gateway.engine.Plan;
import io.departure.gateway.engine.Step;
import io.departure.gateway.engine.StepContext;
import io.departure.gateway.engine.StepFailure;
import io.departure.gateway.flight.Flight;
import io.departure.gateway.flight.FlightStep;
import io.departure.gateway.flight.Subscription;
import io.departure.gateway.forecast.Forecast;
import io.departure.gateway.forecast.ForecastStep;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;

/**
 * Follows a departure until wheels-up, as an execution of two steps: {@code subscription}
 * (a lease at the flight service, released however the watch ends) and {@code watch}, which
 * relays changed flights from the subscription's updates and changed forecasts from periodic
 * refreshes, and ends with the flight's final status. Its deadline is
 * {@code departure.watch.max-duration}.
 */
@ApplicationScoped
public class DepartureWatch {

    public static final String SUBSCRIPTION = "subscription";
    public static final String WATCH = "watch";

    private static final Set<String> FINAL = Set.of("DEPARTED", "CANCELLED");

    /** A changed part of the departure: {@code flight} or {@code forecast}, and its new value. */
    public record Update(String step, Object value) {
    }

    private final ExecutionEngine engine;
    private final FlightStep flights;
    private final ForecastStep forecasts;
    private final GatewayConfig config;

    DepartureWatch(ExecutionEngine engine, FlightStep flights, ForecastStep forecasts, GatewayConfig config) {
        this.engine = engine;
        this.flights = flights;
        this.forecasts = forecasts;
        this.config = config;
    }

    /** Whether a flight in this status will change no more. */
    public static boolean isFinal(Flight flight) {
        return FINAL.contains(flight.status());
    }

    /**
     * Watches from the departure already sent.
     *
     * @param airport the airport whose forecast is refreshed
     * @param forecast the forecast already sent, or null
     */
    public Multi<ExecutionEvent> watch(Flight flight, LocalDate date, String airport, Forecast forecast) {
        String id = flight.id();
        Step<Subscription> subscription = Step.<Subscription>of(SUBSCRIPTION, true, List.of(),
                context -> flights.subscribe(context, id, date))
                .withRelease(lease -> flights.unsubscribe(id, lease));
        Step<String> watch = Step.of(WATCH, true, List.of(SUBSCRIPTION),
                context -> follow(context, flight, date, airport, forecast));
        return engine.execute(Plan.of(subscription, watch), config.watch().maxDuration());
    }

    private Uni<String> follow(StepContext context, Flight flight, LocalDate date, String airport, Forecast forecast) {
        Subscription subscription = context.input(SUBSCRIPTION, Subscription.class);
        AtomicReference<Flight> lastFlight = new AtomicReference<>(flight);
        AtomicReference<Forecast> lastForecast = new AtomicReference<>(forecast);
        return Uni.createFrom().deferred(() -> {
            Cancellable refresher = Multi.createFrom().ticks().every(config.watch().forecastRefresh())
                    .onItem().transformToUniAndConcatenate(tick -> forecasts.fetch(context.deadline(), airport, date)
                            .onFailure().recoverWithNull())
                    .subscribe().with(fresh -> {
                        if (fresh != null && !Objects.equals(fresh, lastForecast.getAndSet(fresh))) {
                            context.publish(new Update(ForecastStep.NAME, fresh));
                        }
                    }, failure -> {
                    });
            return flights.updates(flight.id(), subscription)
                    .invoke(update -> {
                        if (!Objects.equals(update, lastFlight.getAndSet(update))) {
                            context.publish(new Update(FlightStep.NAME, update));
                        }
                    })
                    .select().where(DepartureWatch::isFinal)
                    .toUni()
                    .onItem().ifNull().failWith(() -> new StepFailure(StepFailure.Kind.UPSTREAM,
                            "the flight's updates ended before it departed"))
                    .map(last -> last.status().toLowerCase(Locale.ROOT))
                    .onTermination().invoke(refresher::cancel);
        });
    }
}
