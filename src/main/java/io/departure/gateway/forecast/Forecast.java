package io.departure.gateway.forecast;

import java.time.LocalDate;
import java.util.List;

import io.departure.gateway.upstream.Contract;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The weather forecast for an airport on a date, as the forecast service describes it. */
@RegisterForReflection
public record Forecast(
        String airport,
        LocalDate date,
        String summary,
        Double temperatureC,
        Double precipitationProbability,
        Double windKph) implements Contract {

    @Override
    public List<String> violations() {
        return new Check()
                .notBlank("airport", airport)
                .notNull("date", date)
                .notBlank("summary", summary)
                .notNull("temperatureC", temperatureC)
                .between("precipitationProbability", precipitationProbability, 0, 1)
                .between("windKph", windKph, 0, Double.POSITIVE_INFINITY)
                .result();
    }
}
