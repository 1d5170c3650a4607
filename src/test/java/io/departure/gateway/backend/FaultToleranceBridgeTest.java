package io.departure.gateway.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import io.departure.gateway.engine.StepFailure;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;

/**
 * The bridge to SmallRye Fault Tolerance on its own: the circuit breaker and concurrency limit
 * answer as step failures, a timeout while the gateway runs late does not count, and a release
 * goes around both.
 */
@QuarkusTest
class FaultToleranceBridgeTest {

    private final AtomicBoolean late = new AtomicBoolean();

    private Strategy bridge(Map<String, String> settings) {
        String name = GuardSettings.name();
        return new FaultToleranceBridge(name, GuardSettings.config(name, settings), late::get, new Exchange(name));
    }

    private static Object outcome(Strategy bridge, Call call, Uni<Object> answer) {
        return GuardSettings.outcome(bridge.apply(new Invocation<>(call, call.timeout(), budget -> answer)));
    }

    private static Call call() {
        return GuardSettings.call(Duration.ofSeconds(5), null);
    }

    private static Call release() {
        return Call.release(Duration.ofSeconds(5), "gone");
    }

    private static Uni<Object> timeout() {
        return Uni.createFrom().failure(new StepFailure(StepFailure.Kind.TIMEOUT, "did not answer"));
    }

    private static StepFailure.Kind kind(Object outcome) {
        return outcome instanceof StepFailure failure ? failure.kind() : null;
    }

    private static final Map<String, String> SMALL_WINDOW = Map.of("circuit-breaker.request-volume-threshold", "2",
            "circuit-breaker.failure-ratio", "0.5", "circuit-breaker.delay", "1m");

    @Test
    void theCircuitOpensOnTheBackendsTimeoutsButNotOnTimeoutsWhileTheGatewayIsLate() {
        Strategy bridge = bridge(SMALL_WINDOW);
        late.set(true);
        outcome(bridge, call(), timeout());
        outcome(bridge, call(), timeout());
        assertThat(outcome(bridge, call(), Uni.createFrom().item("answer"))).as("after timeouts while late").isEqualTo("answer");

        late.set(false);
        outcome(bridge, call(), timeout());
        outcome(bridge, call(), timeout());
        assertThat(kind(outcome(bridge, call(), Uni.createFrom().item("answer")))).as("after timeouts on time")
                .isEqualTo(StepFailure.Kind.CIRCUIT_OPEN);
    }

    @Test
    void aReleaseGoesThroughAnOpenCircuit() {
        Strategy bridge = bridge(SMALL_WINDOW);
        outcome(bridge, call(), Uni.createFrom().failure(new Client.UnexpectedStatus(503)));
        outcome(bridge, call(), Uni.createFrom().failure(new Client.UnexpectedStatus(503)));
        assertThat(kind(outcome(bridge, call(), Uni.createFrom().item("answer")))).isEqualTo(StepFailure.Kind.CIRCUIT_OPEN);
        assertThat(outcome(bridge, release(), Uni.createFrom().item("released"))).isEqualTo("released");
    }

    @Test
    void aReleaseGoesThroughAFullLimit() {
        Strategy bridge = bridge(Map.of("bulkhead.max-concurrent", "1", "bulkhead.queue", "0"));
        UniAssertSubscriber<Object> holding = bridge.apply(new Invocation<>(call(), Duration.ofSeconds(5), budget -> Uni.createFrom().nothing()))
                .subscribe().withSubscriber(UniAssertSubscriber.create());
        assertThat(kind(outcome(bridge, call(), Uni.createFrom().item("answer")))).isEqualTo(StepFailure.Kind.REJECTED);
        assertThat(outcome(bridge, release(), Uni.createFrom().item("released"))).isEqualTo("released");

        holding.cancel();
        assertThat(outcome(bridge, call(), Uni.createFrom().item("answer"))).as("once the slot is given back").isEqualTo("answer");
    }
}
