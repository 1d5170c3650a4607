package io.departure.gateway.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** The wait between attempts: doubling from the initial backoff, capped, jittered within bounds. */
class BackoffTest {

    private static Backoff retry(long initialMs, long maxMs, double jitter) {
        return new Backoff(Duration.ofMillis(initialMs), Duration.ofMillis(maxMs), jitter);
    }

    private static List<Long> draws(Backoff retry, int retried) {
        return IntStream.range(0, 2000).mapToObj(i -> retry.delay(retried).toMillis()).toList();
    }

    @Test
    void withoutJitterEachWaitDoublesUpToTheMaximum() {
        Backoff retry = retry(100, 1000, 0);
        assertThat(IntStream.range(0, 6).mapToLong(n -> retry.delay(n).toMillis()))
                .containsExactly(100L, 200L, 400L, 800L, 1000L, 1000L);
        assertThat(retry.delay(200).toMillis()).isEqualTo(1000);
    }

    @Test
    void jitterSpreadsEachWaitAroundItsStepWithoutLeavingTheBounds() {
        Backoff retry = retry(100, 1000, 0.5);
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
