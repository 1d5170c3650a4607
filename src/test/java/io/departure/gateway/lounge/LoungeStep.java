package io.departure.gateway.lounge;

import static io.departure.gateway.backend.Client.encode;

import java.time.Duration;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.properties.IfBuildProperty;

import io.departure.gateway.departure.DepartureStep;
import io.departure.gateway.departure.Fact;
import io.departure.gateway.departure.Facts;
import io.departure.gateway.engine.StepContext;
import io.departure.gateway.backend.Backend;
import io.departure.gateway.backend.Backends;
import io.departure.gateway.backend.Call;
import io.departure.gateway.backend.Failures;
import io.smallrye.mutiny.Uni;

/**
 * A third backend that exists only in the tests, to prove that a backend plugs in: the lounge at
 * the departure airport, optional. Only the tests that set {@code test.lounge} have it.
 */
@IfBuildProperty(name = "test.lounge", stringValue = "true")
@ApplicationScoped
public class LoungeStep implements DepartureStep<Lounge> {

    public static final String NAME = "lounge";

    private final Backend backend;

    LoungeStep(Backends backends, LoungeConfig config) {
        this.backend = backends.open(NAME, config);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int position() {
        return 30;
    }

    @Override
    public Class<Lounge> type() {
        return Lounge.class;
    }

    @Override
    public boolean required() {
        return false;
    }

    @Override
    public Set<Fact> needs() {
        return Set.of(Fact.AIRPORT);
    }

    @Override
    public Backend backend() {
        return backend;
    }

    @Override
    public Uni<Lounge> fetch(StepContext context, Facts facts, Duration attemptTimeout) {
        String airport = facts.airport();
        return backend.call(Call.of(context, attemptTimeout, "no lounge at " + airport),
                (http, budget) -> http.get("/lounges?airport=" + encode(airport), budget, Lounge.class)
                        .map(lounge -> Failures.requireValid(NAME, lounge)));
    }
}
