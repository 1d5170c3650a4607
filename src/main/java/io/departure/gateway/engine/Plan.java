package io.departure.gateway.engine;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The steps of an execution in a dependency-respecting order. */
public record Plan(List<Step<?>> steps) {

    public Plan {
        steps = List.copyOf(steps);
        Set<String> seen = new HashSet<>();
        for (Step<?> step : steps) {
            for (String need : step.needs()) {
                if (!seen.contains(need)) {
                    throw new IllegalArgumentException("step " + step.name() + " needs " + need + ", which is not an earlier step");
                }
            }
            if (!seen.add(step.name())) {
                throw new IllegalArgumentException("duplicate step " + step.name());
            }
        }
    }

    public static Plan of(Step<?>... steps) {
        return new Plan(new ArrayList<>(List.of(steps)));
    }
}
