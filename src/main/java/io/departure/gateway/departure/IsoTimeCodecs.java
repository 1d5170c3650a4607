package io.departure.gateway.departure;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import com.fasterxml.jackson.datatype.jsr310.deser.LocalDateDeserializer;
import com.fasterxml.jackson.datatype.jsr310.ser.InstantSerializer;
import com.fasterxml.jackson.datatype.jsr310.ser.LocalDateSerializer;
import com.fasterxml.jackson.datatype.jsr310.ser.OffsetDateTimeSerializer;

/**
 * Jackson's serializers and deserializers of the departure's times, by {@link IsoTimes}: the
 * same text as Jackson's Java-time module writes, and what it reads, with its own serializers and
 * deserializers for whatever the hand-written forms do not cover (a time written as a number,
 * timestamps switched on, dates adjusted to a time zone).
 */
final class IsoTimeCodecs {

    private IsoTimeCodecs() {
    }

    /** The serializers and deserializers, as a module to register after Jackson's Java-time module. */
    static SimpleModule module() {
        SimpleModule module = new SimpleModule("departure-iso-times");
        module.addSerializer(OffsetDateTime.class, new Writer<>(OffsetDateTime.class, OffsetDateTimeSerializer.INSTANCE) {
            @Override
            String text(OffsetDateTime value) {
                return IsoTimes.format(value);
            }
        });
        module.addSerializer(Instant.class, new Writer<>(Instant.class, InstantSerializer.INSTANCE) {
            @Override
            String text(Instant value) {
                return IsoTimes.format(value);
            }
        });
        module.addSerializer(LocalDate.class, new Writer<>(LocalDate.class, LocalDateSerializer.INSTANCE) {
            @Override
            String text(LocalDate value) {
                return IsoTimes.format(value);
            }
        });
        module.addDeserializer(OffsetDateTime.class, new Reader<>(InstantDeserializer.OFFSET_DATE_TIME) {
            @Override
            OffsetDateTime parse(String text) {
                return IsoTimes.parseOffsetDateTime(text);
            }
        });
        module.addDeserializer(Instant.class, new Reader<>(InstantDeserializer.INSTANT) {
            @Override
            Instant parse(String text) {
                return IsoTimes.parseInstant(text);
            }
        });
        module.addDeserializer(LocalDate.class, new Reader<>(LocalDateDeserializer.INSTANCE) {
            @Override
            LocalDate parse(String text) {
                return IsoTimes.parseLocalDate(text);
            }
        });
        return module;
    }

    /** Writes the hand-made text; Jackson's serializer when there is none or timestamps are on. */
    private abstract static class Writer<T> extends JsonSerializer<T> {

        private final Class<T> type;
        private final JsonSerializer<T> fallback;

        @SuppressWarnings("unchecked")
        Writer(Class<T> type, JsonSerializer<?> fallback) {
            this.type = type;
            this.fallback = (JsonSerializer<T>) fallback;
        }

        abstract String text(T value);

        @Override
        public Class<T> handledType() {
            return type;
        }

        @Override
        public void serialize(T value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            String text = provider.isEnabled(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS) ? null : text(value);
            if (text == null) {
                fallback.serialize(value, generator, provider);
            } else {
                generator.writeString(text);
            }
        }
    }

    /** Reads the hand-made forms; Jackson's deserializer for any other input, or when dates are adjusted. */
    private abstract static class Reader<T> extends JsonDeserializer<T> {

        private final JsonDeserializer<T> fallback;

        @SuppressWarnings("unchecked")
        Reader(JsonDeserializer<?> fallback) {
            this.fallback = (JsonDeserializer<T>) fallback;
        }

        abstract T parse(String text);

        @Override
        public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.hasToken(JsonToken.VALUE_STRING)
                    && !context.isEnabled(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)) {
                T value = parse(parser.getText());
                if (value != null) {
                    return value;
                }
            }
            return fallback.deserialize(parser, context);
        }
    }
}
