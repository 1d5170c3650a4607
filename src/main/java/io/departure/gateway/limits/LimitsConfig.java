package io.departure.gateway.limits;

import java.util.OptionalDouble;
import java.util.OptionalInt;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Per-client limits on the departure endpoints; both off unless set. A client is its token's
 * subject, else its remote address (the forwarded one only with
 * {@code quarkus.http.proxy.proxy-address-forwarding}). Each replica keeps its own counts.
 */
@ConfigMapping(prefix = "departure.limits")
public interface LimitsConfig {

    /** Requests per second a client may make, refilled continuously (a token bucket). */
    OptionalDouble rate();

    /** Requests a client may make at once on top of its rate (the bucket's size); one second's worth when absent. */
    OptionalInt burst();

    /** Streams and watches a client may hold open at once: stream views, {@code /events}, async watches. */
    OptionalInt streams();

    /**
     * How many clients' buckets are kept, the least recently seen dropped first: however many
     * addresses an attacker rotates through, the state stays this size. A dropped bucket comes
     * back full, as it would have after a second or so of silence.
     */
    @WithDefault("20000")
    int clients();
}
