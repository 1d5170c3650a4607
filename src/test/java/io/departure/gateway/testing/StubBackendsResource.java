package io.departure.gateway.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Starts the stub backends and points the gateway's backend URLs at them. */
public class StubBackendsResource implements QuarkusTestResourceLifecycleManager {

    private StubBackends stubs;

    @Override
    public Map<String, String> start() {
        stubs = new StubBackends().start();
        return Map.of(
                "quarkus.rest-client.flight.url", stubs.url(),
                "quarkus.rest-client.forecast.url", stubs.url());
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(stubs, new TestInjector.AnnotatedAndMatchesType(InjectStubs.class, StubBackends.class));
    }

    @Override
    public void stop() {
        if (stubs != null) {
            stubs.stop();
        }
    }
}
