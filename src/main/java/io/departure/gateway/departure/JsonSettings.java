package io.departure.gateway.departure;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * Keeps the offsets of times as the flight service wrote them ({@code -03:00} stays
 * {@code -03:00}), writes and reads times by hand ({@link IsoTimeCodecs}) and a departure's JSON
 * once for its execution and its answer ({@link WrittenOnce}).
 */
@Singleton
public class JsonSettings implements ObjectMapperCustomizer {

    /** After Quarkus's own customizers, which register Jackson's Java-time module: a later module's serializers win. */
    @Override
    public int priority() {
        return MINIMUM_PRIORITY;
    }

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);
        mapper.registerModule(IsoTimeCodecs.module());
        mapper.registerModule(new SimpleModule("departure-written-once").setSerializerModifier(WrittenOnce.modifier()));
    }
}
