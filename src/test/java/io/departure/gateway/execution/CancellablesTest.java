package io.departure.gateway.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.subscription.Cancellable;

/** Work kept until the stop is handed back once to cancel; work started after the stop is cancelled at once. */
class CancellablesTest {

    private final AtomicInteger cancelled = new AtomicInteger();
    private final Cancellable work = cancelled::incrementAndGet;

    @Test
    void closingHandsBackTheWorkKeptOnce() {
        Cancellables kept = new Cancellables();
        kept.add(work);
        kept.add(work);

        assertThat(kept.close()).hasSize(2);
        assertThat(kept.close()).as("closed again").isEmpty();
        assertThat(cancelled).as("cancelling is the caller's").hasValue(0);
    }

    @Test
    void workAddedOnceClosedIsCancelledAtOnce() {
        Cancellables kept = new Cancellables();
        kept.close();

        kept.add(work);
        assertThat(cancelled).hasValue(1);
        assertThat(kept.close()).isEmpty();
    }
}
