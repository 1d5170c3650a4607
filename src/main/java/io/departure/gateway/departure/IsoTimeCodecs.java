package io.departure.gateway.departure;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.function.Function;

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
        return new SimpleModule("departure-iso-times")
                .addSerializer(OffsetDateTime.class, new Writer<>(OffsetDateTime.class, OffsetDateTimeSerializer.INSTANCE, IsoTimes::format))
                .addSerializer(Instant.class, new Writer<>(Instant.class, InstantSerializer.INSTANCE, IsoTimes::format))
                .addSerializer(LocalDate.class, new Writer<>(LocalDate.class, LocalDateSerializer.INSTANCE, IsoTimes::format))
                .addDeserializer(OffsetDateTime.class, new Reader<>(InstantDeserializer.OFFSET_DATE_TIME, IsoTimes::parseOffsetDateTime))
                .addDeserializer(Instant.class, new Reader<>(InstantDeserializer.INSTANT, IsoTimes::parseInstant))
                .addDeserializer(LocalDate.class, new Reader<>(LocalDateDeserializer.INSTANCE, IsoTimes::parseLocalDate));
    }

    /** Writes the hand-made text; Jackson's serializer when there is none or timestamps are on. */
    private static final class Writer<T> extends JsonSerializer<T> {

        private final Class<T> type;
        private final JsonSerializer<T> fallback;
        private final Function<T, String> text;

        @SuppressWarnings("unchecked")
        Writer(Class<T> type, JsonSerializer<?> fallback, Function<T, String> text) {
            this.type = type;
            this.fallback = (JsonSerializer<T>) fallback;
            this.text = text;
        }

        @Override
        public Class<T> handledType() {
            return type;
        }

        @Override
        public void serialize(T value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            String text = provider.isEnabled(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS) ? null : this.text.apply(value);
            if (text == null) {
                fallback.serialize(value, generator, provider);
            } else {
                generator.writeString(text);
            }
        }
    }

    /** Reads the hand-made forms; Jackson's deserializer for any other input, or when dates are adjusted. */
    private static final class Reader<T> extends JsonDeserializer<T> {

        private final JsonDeserializer<T> fallback;
        private final Function<String, T> parse;

        @SuppressWarnings("unchecked")
        Reader(JsonDeserializer<?> fallback, Function<String, T> parse) {
            this.fallback = (JsonDeserializer<T>) fallback;
            this.parse = parse;
        }

        @Override
        public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (parser.hasToken(JsonToken.VALUE_STRING)
                    && !context.isEnabled(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)) {
                T value = parse.apply(parser.getText());
                if (value != null) {
                    return value;
                }
            }
            return fallback.deserialize(parser, context);
        }
    }
}
