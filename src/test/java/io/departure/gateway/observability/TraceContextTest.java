package io.departure.gateway.observability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which caller trace contexts are passed on to the backends while OpenTelemetry is off. */
class TraceContextTest {

    private static final String VALID = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void passesOnTheRecommendationsValidForms() {
        assertThat(TraceContext.valid(VALID)).isTrue();
        assertThat(TraceContext.valid("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00")).isTrue();
        assertThat(TraceContext.valid("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-comes-later")).isTrue();
    }

    @Test
    void dropsWhatTheRecommendationSaysToIgnore() {
        for (String invalid : new String[] { "", "00", VALID.toUpperCase(), VALID + "-extra", VALID.substring(1),
                "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
                "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0g",
                "00_4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x" }) {
            assertThat(TraceContext.valid(invalid)).as(invalid).isFalse();
        }
    }
}
