package io.departure.gateway.shedding;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/**
 * A standing queue while the JVM compiles its code is waited out; one without compiling is shed;
 * a departure that cannot make its deadline is shed either way.
 */
class CompilingTest {

    private static final long TARGET = Duration.ofMillis(100).toNanos();
    private static final long DEADLINE = Duration.ofSeconds(3).toNanos();

    @Test
    void busyWhileTheCompilerTakesATenthOfAWindowOfAFreshProcess() {
        AtomicLong compiled = new AtomicLong(5_000);
        AtomicLong clock = new AtomicLong(42);
        Compiling compiling = new Compiling(compiled::get, clock::get);
        assertThat(compiling.busy()).as("before any window").isFalse();

        compiled.addAndGet(Compiling.WINDOW_MS / 10);
        compiling.sample();
        assertThat(compiling.busy()).as("a tenth of the window compiling").isTrue();

        compiled.addAndGet(Compiling.WINDOW_MS / 10 - 1);
        compiling.sample();
        assertThat(compiling.busy()).as("just under a tenth").isFalse();

        compiling.sample();
        assertThat(compiling.busy()).as("nothing compiled").isFalse();

        clock.addAndGet(Duration.ofSeconds(Compiling.FRESH_S).toNanos());
        compiled.addAndGet(Compiling.WINDOW_MS);
        compiling.sample();
        assertThat(compiling.busy()).as("compiling all the window, %d s after start", Compiling.FRESH_S).isFalse();
    }

    @Test
    void aRuntimeWithoutACompilerIsNeverBusyAndAJvmsCompilerIsWatched() {
        Compiling none = new Compiling(null, System::nanoTime);
        none.sample();
        assertThat(none.busy()).isFalse();
        assertThat(none.watching()).isFalse();
        Compiling jvm = Compiling.jvm();
        jvm.sample();
        assertThat(jvm.watching()).as("HotSpot's compiler, whose time the JVM counts").isTrue();
    }

    @Test
    void theRuleShedsAStandingQueueOnlyWhenNotCompilingAndAHopelessDepartureAlways() {
        long waited = Duration.ofMillis(150).toNanos();
        long serving = Duration.ofMillis(40).toNanos();
        AtomicLong compiled = new AtomicLong();
        Compiling compiling = new Compiling(compiled::get, System::nanoTime);
        boolean standing = true;

        compiled.addAndGet(200);
        compiling.sample();
        assertThat(Overload.shed(waited, TARGET, standing && !compiling.busy(), serving, DEADLINE))
                .as("a standing queue while compiling: waited out").isFalse();
        compiling.sample();
        assertThat(Overload.shed(waited, TARGET, standing && !compiling.busy(), serving, DEADLINE))
                .as("the same queue once compiled").isTrue();

        assertThat(Overload.shed(Duration.ofMillis(50).toNanos(), TARGET, true, serving, DEADLINE))
                .as("under the target: never shed").isFalse();
        assertThat(Overload.shed(Duration.ofMillis(2_990).toNanos(), TARGET, false, serving, DEADLINE))
                .as("no time left for what departures take: shed even while compiling").isTrue();
    }
}
