package io.departure.gateway.warmup;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The warm-up before readiness ({@link WarmUp}): how long the process answers departures of its
 * own, on stand-ins for the backends, before it reports itself ready. Off by default (a process
 * then answers from its first second, as AWS Lambda wants); the Kubernetes deployment turns it on,
 * where a replica the autoscaler adds should serve at speed from its first request.
 */
@ConfigMapping(prefix = "departure.warm-up")
public interface WarmUpConfig {

    /** How long the warm-up lasts; {@code 0s}: none. */
    @WithDefault("0s")
    Duration duration();

    /** Departures the warm-up keeps in flight at once. */
    @WithDefault("32")
    int concurrency();
}
