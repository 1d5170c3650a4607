package io.departure.gateway.lounge;

import io.departure.gateway.backend.BackendConfig;
import io.smallrye.config.ConfigMapping;

/** Guard settings of the lounge backend ({@code departure.lounge.*}). */
@ConfigMapping(prefix = "departure.lounge")
public interface LoungeConfig extends BackendConfig {
}
