package io.departure.gateway.forecast;

import java.time.LocalDate;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.departure.gateway.backend.Contract;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The weather forecast for an airport on a date, as the forecast service describes it. */
@RegisterForReflection
@Schema(description = "The weather forecast for an airport on a date, as the forecast service describes it")
public record Forecast(
        @Schema(required = true, description = "IATA airport code", example = "EZE") String airport,
        @Schema(required = true, description = "The forecast's date") LocalDate date,
        @Schema(required = true, description = "The weather in a word or two", example = "cloudy") String summary,
        @Schema(required = true, description = "Temperature, °C", example = "18.5") Double temperatureC,
        @Schema(description = "Chance of rain, 0 to 1", example = "0.3", minimum = "0", maximum = "1") Double precipitationProbability,
        @Schema(description = "Wind speed, km/h", example = "22.0", minimum = "0") Double windKph) implements Contract {

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
