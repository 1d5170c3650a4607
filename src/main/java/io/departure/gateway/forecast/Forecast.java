package io.departure.gateway.forecast;

import java.time.LocalDate;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/** The weather forecast for an airport on a date, as the forecast service describes it. */
public record Forecast(
        @NotBlank String airport,
        @NotNull LocalDate date,
        @NotBlank String summary,
        @NotNull Double temperatureC,
        @NotNull @DecimalMin("0") @DecimalMax("1") Double precipitationProbability,
        @NotNull @DecimalMin("0") Double windKph) {
}
