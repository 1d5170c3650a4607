package io.departure.gateway.observability;

import java.util.Optional;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.prometheus.client.exemplars.ExemplarSampler;
import io.quarkus.micrometer.runtime.export.exemplars.OpentelemetryExemplarSamplerProvider;

/**
 * Prometheus exemplars (a trace id beside a metric's sample) only while OpenTelemetry records
 * traces. With OpenTelemetry on the class path, Quarkus samples an exemplar on every timer and
 * counter update, whether or not its SDK is on; off (the default), no span is ever current, so
 * every sample looks for one and finds none: 8 % of a shed request's Java samples, and on each of
 * the several timers a departure updates (bench/RESULTS.md, "Exemplars").
 */
@Singleton
public class Exemplars {

    @Produces
    @Singleton
    @Alternative
    @Priority(Interceptor.Priority.APPLICATION + 100)
    Optional<ExemplarSampler> sampler(@ConfigProperty(name = "quarkus.otel.sdk.disabled", defaultValue = "false") boolean openTelemetryOff) {
        return openTelemetryOff ? Optional.empty() : new OpentelemetryExemplarSamplerProvider().exemplarSampler();
    }
}
