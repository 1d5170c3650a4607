package io.departure.gateway.forecast;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How often a watch asks for a new forecast ({@code departure.watch.forecast-refresh}). */
@ConfigMapping(prefix = "departure.watch")
public interface ForecastRefreshConfig {

    /** How often a watch asks for a new forecast; a changed one is sent as a {@code forecast} event. */
    @WithDefault("10m")
    Duration forecastRefresh();
}
