package io.departure.gateway.flight;

import io.departure.gateway.backend.BackendConfig;
import io.smallrye.config.ConfigMapping;

/** Guard settings of the flight backend ({@code departure.flight.*}). */
@ConfigMapping(prefix = "departure.flight")
public interface FlightConfig extends BackendConfig {
}
