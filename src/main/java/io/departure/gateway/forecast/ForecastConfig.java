package io.departure.gateway.forecast;

import java.time.Duration;

import io.departure.gateway.backend.BackendConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Guard and fallback settings of the forecast backend ({@code departure.forecast.*}). */
@ConfigMapping(prefix = "departure.forecast")
public interface ForecastConfig extends BackendConfig {

    /** Whether a forecast failure fails the request. */
    @WithDefault("false")
    boolean required();

    /** How long a good forecast may serve as a marked fallback. */
    @WithDefault("30m")
    Duration cacheTtl();
}
