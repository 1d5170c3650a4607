package io.departure.gateway.backend;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.departure.gateway.engine.Deadline;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.mutiny.Uni;

/** Guard settings and calls for tests that drive a guard, or one of its pieces, on its own. */
final class GuardSettings {

    private static final AtomicInteger NAMES = new AtomicInteger();

    private GuardSettings() {
    }

    /** A fresh backend name, so that no two guards share a circuit breaker. */
    static String name() {
        return "guarded-" + NAMES.incrementAndGet();
    }

    /** {@code settings} (keys below {@code departure.<backend>}) over the defaults. */
    static BackendConfig config(String name, Map<String, String> settings) {
        Map<String, String> properties = new HashMap<>();
        settings.forEach((key, value) -> properties.put(name + "." + key, value));
        return new SmallRyeConfigBuilder().withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 300))
                .withMapping(BackendConfig.class, name).withValidateUnknown(false).build()
                .getConfigMapping(BackendConfig.class, name);
    }

    /** An idempotent call with 30 s to its deadline, each attempt given {@code timeout}. */
    static Call call(Duration timeout, String key) {
        return new Call(Deadline.in(Duration.ofSeconds(30)), timeout, true, () -> {
        }, "not found", false, key);
    }

    /** The answer of {@code call}, or its failure, waiting for it at most 5 s. */
    static Object outcome(Uni<?> call) {
        return call.onItem().transform(item -> (Object) item).onFailure().recoverWithItem(failure -> failure)
                .await().atMost(Duration.ofSeconds(5));
    }
}
