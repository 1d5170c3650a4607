package io.departure.gateway.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** The wait between attempts: doubling from the initial backoff, capped, jittered within bounds. */
class BackoffTest {

    private static BackendConfig.Retry retry(long initialMs, long maxMs, double jitter) {
        return new BackendConfig.Retry() {
            @Override
            public int maxRetries() {
                return 2;
            }

            @Override
            public Duration initialBackoff() {
                return Duration.ofMillis(initialMs);
            }

            @Override
            public Duration maxBackoff() {
                return Duration.ofMillis(maxMs);
            }

            @Override
            public double jitter() {
                return jitter;
            }
        };
    }

    private static List<Long> draws(BackendConfig.Retry retry, int retried) {
        return IntStream.range(0, 2000).mapToObj(i -> BackendGuard.backoff(retry, retried).toMillis()).toList();
    }

    @Test
    void withoutJitterEachWaitDoublesUpToTheMaximum() {
        BackendConfig.Retry retry = retry(100, 1000, 0);
        assertThat(IntStream.range(0, 6).mapToLong(n -> BackendGuard.backoff(retry, n).toMillis()))
                .containsExactly(100L, 200L, 400L, 800L, 1000L, 1000L);
        assertThat(BackendGuard.backoff(retry, 200).toMillis()).isEqualTo(1000);
    }

    @Test
    void jitterSpreadsEachWaitAroundItsStepWithoutLeavingTheBounds() {
        BackendConfig.Retry retry = retry(100, 1000, 0.5);
        // first retry: 100 ms, moved by up to 50 ms but never below the initial backoff
        assertThat(draws(retry, 0)).allSatisfy(ms -> assertThat(ms).isBetween(100L, 150L))
                .anySatisfy(ms -> assertThat(ms).isGreaterThan(125L)).anySatisfy(ms -> assertThat(ms).isLessThan(110L));
        // third retry: 400 ms ± 200 ms
        assertThat(draws(retry, 2)).allSatisfy(ms -> assertThat(ms).isBetween(200L, 600L))
                .anySatisfy(ms -> assertThat(ms).isLessThan(300L)).anySatisfy(ms -> assertThat(ms).isGreaterThan(500L));
        // capped: 1000 ms, moved only downwards
        assertThat(draws(retry, 6)).allSatisfy(ms -> assertThat(ms).isBetween(500L, 1000L))
                .anySatisfy(ms -> assertThat(ms).isLessThan(750L));
    }
}
