package io.departure.gateway.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Who may call the departure endpoints ({@code departure.auth.*}). */
@ConfigMapping(prefix = "departure.auth")
public interface AuthConfig {

    /**
     * {@code none}: anyone; {@code jwt}: a bearer token verified with the MicroProfile JWT keys
     * ({@code mp.jwt.verify.publickey.location}, {@code mp.jwt.verify.issuer}).
     */
    @WithDefault("none")
    Mode mode();

    enum Mode {
        NONE,
        JWT
    }
}
