package io.departure.gateway.departure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import io.departure.gateway.engine.ExecutionEngine;
import io.departure.gateway.engine.Plan;
import io.departure.gateway.engine.Step;
import io.departure.gateway.engine.StepContext;
import io.departure.gateway.engine.StepEvent;
import io.departure.gateway.backend.Backends;
import io.quarkus.arc.All;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;

/**
 * Makes a departure's plan from the registered steps and runs it. A step that needs a fact the
 * query does not give (the forecast needs the airport when {@code from} is absent) waits for the
 * step that tells it (the flight, its origin) and starts the moment that one has succeeded.
 */
@Singleton
public class DepartureService {

    private final ExecutionEngine engine;
    private final List<DepartureStep<?>> steps;
    private final List<String> parts;
    /** For each fact, the first step (in part order) whose value tells it. */
    private final Map<Fact, DepartureStep<?>> tellers = new EnumMap<>(Fact.class);

    DepartureService(ExecutionEngine engine, @All List<DepartureStep<?>> steps) {
        this.engine = engine;
        this.steps = steps.stream().sorted(Comparator.comparingInt(DepartureStep::position)).toList();
        this.parts = this.steps.stream().map(DepartureStep::name).toList();
        for (DepartureStep<?> step : this.steps) {
            step.tells().keySet().forEach(fact -> tellers.putIfAbsent(fact, step));
        }
    }

    /** Every step is made at start-up, so that a backend with nowhere to be called stops the start. */
    void started(@Observes StartupEvent event, Backends backends) {
        backends.requireLocated();
    }

    /** The registered steps, in the order their parts are listed. */
    public List<DepartureStep<?>> steps() {
        return steps;
    }

    /** The names of the parts of a departure, in order. */
    public List<String> parts() {
        return parts;
    }

    /**
     * One execution per subscription of a departure of which {@code facts} are known: the step
     * events in the order the steps finish. The step outcomes already {@code known} (restored from
     * the store) are not called again, nor their events published again.
     *
     * @param timeouts per-attempt timeouts the view sets, by step; the backends' own elsewhere
     */
    public Multi<StepEvent> execute(Facts facts, Duration deadline, Map<String, Duration> timeouts,
            Map<String, StepEvent> known) {
        return ExecutionEngine.outcomes(engine.execute(plan(facts, timeouts), deadline, known));
    }

    /** The plan for a departure of which {@code facts} are known: every step after those it needs. */
    Plan plan(Facts facts, Map<String, Duration> timeouts) {
        List<Step<?>> planned = new ArrayList<>(steps.size());
        Set<String> placed = new LinkedHashSet<>();
        while (placed.size() < steps.size()) {
            int before = placed.size();
            for (DepartureStep<?> step : steps) {
                List<String> needs = needs(step, facts);
                if (!placed.contains(step.name()) && placed.containsAll(needs)) {
                    planned.add(step(step, facts, needs, timeouts.get(step.name())));
                    placed.add(step.name());
                }
            }
            if (placed.size() == before) {
                throw new IllegalStateException("the departure steps need each other: " + steps);
            }
        }
        return new Plan(planned);
    }

    /** The steps whose values tell what {@code step} needs and the facts do not say. */
    private List<String> needs(DepartureStep<?> step, Facts facts) {
        List<String> needs = new ArrayList<>(1);
        for (Fact fact : step.needs()) {
            if (!facts.knows(fact)) {
                DepartureStep<?> teller = tellers.get(fact);
                if (teller == null || teller == step) {
                    throw new IllegalStateException("step " + step.name() + " needs the " + fact + ", which nothing tells");
                }
                needs.add(teller.name());
            }
        }
        return needs;
    }

    private <T> Step<T> step(DepartureStep<T> step, Facts facts, List<String> needs, Duration timeout) {
        Duration attemptTimeout = timeout == null ? step.backend().timeout() : timeout;
        return Step.of(step.name(), step.required(), needs,
                (StepContext context) -> step.fetch(context, told(step, facts, context), attemptTimeout))
                .withFallback((context, failure) -> step.fallback(told(step, facts, context), failure));
    }

    /** The facts with those that the steps {@code step} needs have told. */
    private Facts told(DepartureStep<?> step, Facts facts, StepContext context) {
        Facts known = facts;
        for (Fact fact : step.needs()) {
            if (!known.knows(fact)) {
                DepartureStep<?> teller = tellers.get(fact);
                known = known.with(fact, tell(teller, fact, context.input(teller.name(), teller.type())));
            }
        }
        return known;
    }

    /** The facts of a departure already made: those it was asked with and those its values tell. */
    public Facts facts(Facts asked, Departure departure) {
        Facts known = asked;
        for (DepartureStep<?> step : steps) {
            Object value = departure.values().get(step.name());
            if (value != null) {
                for (Fact fact : step.tells().keySet()) {
                    known = known.with(fact, tell(step, fact, value));
                }
            }
        }
        return known;
    }

    private static <T> String tell(DepartureStep<T> step, Fact fact, Object value) {
        return step.tells().get(fact).apply(step.type().cast(value));
    }
}
