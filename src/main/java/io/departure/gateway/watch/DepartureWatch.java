package io.departure.gateway.watch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.departure.gateway.departure.Departure;
import io.departure.gateway.departure.DepartureService;
import io.departure.gateway.departure.DepartureStep;
import io.departure.gateway.departure.Facts;
import io.departure.gateway.departure.Follower;
import io.departure.gateway.engine.Deadline;
import io.departure.gateway.engine.ExecutionEngine;
import io.departure.gateway.engine.Outcome;
import io.departure.gateway.engine.Plan;
import io.departure.gateway.engine.Step;
import io.departure.gateway.engine.StepEvent;
import io.departure.gateway.engine.StepUpdate;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/**
 * Follows a departure after it was sent, as an execution of every step's {@link Follower}: each
 * follower's set-up steps (a lease, released however the watch ends), then one step per followed
 * part, named after it, whose new values are relayed when they differ from the last one sent,
 * and whose {@link Reconnected} notices are relayed as they come. The watch ends when the
 * followers that end it have ({@code departed}, {@code cancelled}), at
 * {@code departure.watch.max-duration} (the only end that reads {@code max-duration}), or with an
 * error.
 */
@ApplicationScoped
public class DepartureWatch {

    /** Why a watch ended: one of {@link #REASONS}, with what went wrong when it is {@code error}. */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record End(String reason, String detail) {

        /** The watch ran for {@code departure.watch.max-duration}, named after it. */
        public static final String MAX_DURATION = "max-duration";
        public static final String ERROR = "error";
        /** Every reason a watch ends with, as the API describes them and the page words them. */
        public static final List<String> REASONS = List.of("departed", "cancelled", MAX_DURATION, ERROR);
    }

    private final ExecutionEngine engine;
    private final DepartureService departures;

    DepartureWatch(ExecutionEngine engine, DepartureService departures) {
        this.engine = engine;
        this.departures = departures;
    }

    /**
     * The reason a departure will change no more, if one of its parts says so ({@code departed}),
     * so that there is nothing to watch; else null.
     */
    public String finalState(Departure departure) {
        for (DepartureStep<?> step : departures.steps()) {
            String state = finalState(step, departure);
            if (state != null) {
                return state;
            }
        }
        return null;
    }

    private static <T> String finalState(DepartureStep<T> step, Departure departure) {
        Follower<T> follower = step.follower();
        return follower == null || !follower.ends() ? null : follower.finalState(departure.value(step.name(), step.type()));
    }

    /**
     * Watches a departure already sent, for at most {@code limit}. Cancelling the Uni ends the
     * watch (its leases released).
     *
     * @param execution the execution the watch is part of, whose id keys what its set-up creates
     * @param events receives each event to send, as it comes: a part's new value (named after the
     *        part, a {@link StepUpdate}) or a notice ({@value Reconnected#EVENT}, a {@link Reconnected})
     * @return why the watch ended
     */
    public Uni<End> watch(String execution, Facts facts, Departure sent, Duration limit, BiConsumer<String, Object> events) {
        List<Step<?>> steps = new ArrayList<>();
        Set<String> ending = new java.util.HashSet<>();
        for (DepartureStep<?> step : departures.steps()) {
            if (step.follower() != null) {
                follow(step, facts, execution, sent, steps);
                if (step.follower().ends()) {
                    ending.add(step.name());
                }
            }
        }
        Map<String, Object> last = new HashMap<>(sent.values());
        Deadline deadline = Deadline.in(limit);
        return engine.execute(new Plan(steps), limit)
                .invoke(event -> {
                    if (!(event instanceof StepUpdate update)) {
                        return;
                    }
                    if (update.value() instanceof Reconnected notice) {
                        events.accept(Reconnected.EVENT, notice);
                    } else if (!Objects.equals(update.value(), last.put(update.step(), update.value()))) {
                        events.accept(update.step(), update);
                    }
                })
                .filter(StepEvent.class::isInstance).map(StepEvent.class::cast)
                .collect().asList()
                .map(outcomes -> end(outcomes, ending, deadline));
    }

    private static <T> void follow(DepartureStep<T> step, Facts facts, String execution, Departure sent, List<Step<?>> steps) {
        Follower<T> follower = step.follower();
        List<Step<?>> setup = follower.setup(facts, execution);
        steps.addAll(setup);
        List<String> needs = setup.stream().map(Step::name).toList();
        T value = sent.value(step.name(), step.type());
        steps.add(follower.ends()
                ? Step.of(step.name(), true, needs, context -> follower.follow(context, facts, value))
                : Step.background(step.name(), needs, context -> follower.follow(context, facts, value)));
    }

    /**
     * Why the watch ended, from its steps' outcomes: a timeout is the watch's limit only once that
     * has passed; a step's own timeout is the error it is.
     */
    private static End end(List<StepEvent> outcomes, Set<String> ending, Deadline limit) {
        StepEvent failed = outcomes.stream().filter(StepEvent::failsExecution).findFirst().orElse(null);
        if (failed != null) {
            boolean outlived = failed.outcome() == Outcome.TIMEOUT && limit.expired();
            return outlived ? new End(End.MAX_DURATION, null) : new End(End.ERROR, failed.error());
        }
        String reasons = outcomes.stream().filter(event -> ending.contains(event.step()) && event.value() != null)
                .map(event -> event.value().toString()).distinct().collect(Collectors.joining(","));
        return new End(reasons.isEmpty() ? End.ERROR : reasons, reasons.isEmpty() ? "the watch ended without a reason" : null);
    }
}
