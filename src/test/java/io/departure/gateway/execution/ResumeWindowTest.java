package io.departure.gateway.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;

/**
 * An execution whose last client left is cancelled once the resume window passed with no client
 * back, here or on another replica, and kept when one came back; nothing is cancelled once it is over.
 */
class ResumeWindowTest {

    private static final Duration WINDOW = Duration.ofMillis(200);
    private static final String NOBODY_CAME_BACK = "no client came back within the resume window";

    private final List<String> abandoned = new CopyOnWriteArrayList<>();
    private final AtomicInteger askedElsewhere = new AtomicInteger();

    /** A window whose execution is followed on another replica for the first {@code checks} checks. */
    private ResumeWindow followedElsewhereFor(int checks) {
        return new ResumeWindow(() -> Uni.createFrom().item(askedElsewhere.incrementAndGet() <= checks), abandoned::add);
    }

    @Test
    void withNoWindowTheLastClientLeavingCancelsAtOnce() {
        ResumeWindow window = followedElsewhereFor(0);
        window.joined();
        window.joined();

        window.left(Duration.ZERO);
        assertThat(abandoned).as("one client still follows").isEmpty();

        window.left(Duration.ZERO);
        assertThat(abandoned).containsExactly("no client followed the stream");
    }

    @Test
    void anExecutionNobodyCameBackToIsCancelledOnceTheWindowPassed() {
        assertCancelledOnceNobodyFollowsAt(followedElsewhereFor(0), 1);
    }

    @Test
    void anExecutionFollowedOnAnotherReplicaWaitsAnotherWindow() {
        // followed elsewhere at the first check, by nobody at the second
        assertCancelledOnceNobodyFollowsAt(followedElsewhereFor(1), 2);
    }

    @Test
    void anExecutionAClientCameBackToIsKept() {
        ResumeWindow window = followedElsewhereFor(0);
        window.joined();
        window.left(WINDOW);
        window.joined();

        await().during(WINDOW.multipliedBy(3)).atMost(WINDOW.multipliedBy(5)).until(abandoned::isEmpty);
        assertThat(askedElsewhere).hasValue(0);
    }

    @Test
    void nothingIsCancelledOnceTheExecutionIsOver() {
        ResumeWindow window = followedElsewhereFor(0);
        window.joined();
        window.close();

        window.left(Duration.ZERO);
        assertThat(abandoned).isEmpty();
    }

    /** The last client leaves; the execution is cancelled once nobody follows it at check {@code check}, a window each. */
    private void assertCancelledOnceNobodyFollowsAt(ResumeWindow window, int check) {
        window.joined();
        window.left(WINDOW);

        await().atMost(Duration.ofSeconds(5)).until(() -> !abandoned.isEmpty());
        assertThat(abandoned).containsExactly(NOBODY_CAME_BACK);
        assertThat(askedElsewhere).as("asked whether a client follows it on another replica").hasValue(check);
    }
}
