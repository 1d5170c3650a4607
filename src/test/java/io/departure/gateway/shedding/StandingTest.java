package io.departure.gateway.shedding;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A queue is standing only once its delay stayed over the threshold for a whole interval. */
class StandingTest {

    private static final long MS = 1_000_000L;

    /** Samples every 10 ms from {@code from} ms with these delays (ms); whether it is standing after each. */
    private static boolean[] feed(Standing standing, long from, long... delays) {
        boolean[] after = new boolean[delays.length];
        for (int i = 0; i < delays.length; i++) {
            long due = (from + 10 * i) * MS;
            standing.sample(due, due + delays[i] * MS, delays[i] * MS);
            after[i] = standing.standing();
        }
        return after;
    }

    @Test
    void aDelayOverTheThresholdForAWholeIntervalIsAStandingQueue() {
        Standing standing = new Standing(300 * MS, 500 * MS);
        long[] delays = new long[60];
        java.util.Arrays.fill(delays, 400);
        boolean[] after = feed(standing, 0, delays);
        // The queue the first late probe waited in was there from when it was due: 400 ms before it ran.
        assertThat(after[9]).as("over since 490 ms").isFalse();
        assertThat(after[10]).as("over since 500 ms").isTrue();
        assertThat(after[59]).isTrue();
    }

    @Test
    void aBurstThatDrainsWithinTheIntervalIsNot() {
        Standing standing = new Standing(300 * MS, 500 * MS);
        // Rising over the threshold and draining, over and over: never over for 500 ms without a moment under.
        long[] wave = { 0, 150, 320, 380, 420, 440, 200, 50 };
        long[] delays = new long[wave.length * 10];
        for (int i = 0; i < delays.length; i++) {
            delays[i] = wave[i % wave.length];
        }
        boolean[] after = feed(standing, 0, delays);
        for (boolean standingThen : after) {
            assertThat(standingThen).isFalse();
        }
    }

    @Test
    void onePauseLongerThanTheIntervalIsNotUntilTheNextDelayIsOverToo() {
        Standing standing = new Standing(300 * MS, 500 * MS);
        assertThat(feed(standing, 0, 2_000)).containsExactly(false);
        assertThat(feed(standing, 2_010, 1)).as("the loop free again").containsExactly(false);
        Standing stillLate = new Standing(300 * MS, 500 * MS);
        assertThat(feed(stillLate, 0, 2_000, 1_990)).containsExactly(false, true);
    }

    @Test
    void itStopsStandingTheMomentTheDelayComesUnder() {
        Standing standing = new Standing(300 * MS, 500 * MS);
        long[] delays = new long[21];
        java.util.Arrays.fill(delays, 400);
        delays[20] = 10;
        boolean[] after = feed(standing, 0, delays);
        assertThat(after[19]).isTrue();
        assertThat(after[20]).isFalse();
    }
}
