package io.departure.gateway.departure;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReferenceArray;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;
import com.fasterxml.jackson.databind.ser.ContextualSerializer;
import com.fasterxml.jackson.databind.ser.ResolvableSerializer;

/**
 * Writes a {@link Departure}'s JSON once for the two places that write the same departure in
 * turn: the sync view's execution, frozen into its events when it ends, and then its answer,
 * often on another event loop. The second finds the bytes the first wrote among the last
 * departures written (by identity: a departure is not changed once made) and copies them.
 */
final class WrittenOnce extends JsonSerializer<Object> implements ResolvableSerializer, ContextualSerializer {

    /** A departure written, and its JSON. */
    private record Kept(Object value, Raw json) {
    }

    /**
     * The departures written last, a slot each by identity hash: enough for the departures that
     * end between an execution's end and its answer, which a later one with the same slot evicts.
     */
    private static final AtomicReferenceArray<Kept> KEPT = new AtomicReferenceArray<>(512);

    private final JsonSerializer<Object> written;

    private WrittenOnce(JsonSerializer<Object> written) {
        this.written = written;
    }

    /** Wraps Jackson's serializer of {@link Departure}. */
    static BeanSerializerModifier modifier() {
        return new BeanSerializerModifier() {
            @Override
            @SuppressWarnings("unchecked")
            public JsonSerializer<?> modifySerializer(SerializationConfig config, BeanDescription description, JsonSerializer<?> serializer) {
                return description.getBeanClass() == Departure.class ? new WrittenOnce((JsonSerializer<Object>) serializer) : serializer;
            }
        };
    }

    @Override
    public void serialize(Object value, JsonGenerator generator, SerializerProvider provider) throws IOException {
        int slot = System.identityHashCode(value) & (KEPT.length() - 1);
        Kept kept = KEPT.get(slot);
        if (kept != null && kept.value() == value) {
            generator.writeRawValue(kept.json());
            return;
        }
        if (generator.getCodec() == null) {
            // A generator made without a mapper (the REST layer's): written there, not kept.
            written.serialize(value, generator, provider);
            return;
        }
        ByteArrayBuilder bytes = new ByteArrayBuilder(2048);
        try (JsonGenerator inner = nested(generator.getCodec().getFactory()).createGenerator(bytes, JsonEncoding.UTF8)) {
            written.serialize(value, inner, provider);
        }
        kept = new Kept(value, new Raw(bytes.toByteArray()));
        KEPT.set(slot, kept);
        generator.writeRawValue(kept.json());
    }

    /**
     * The factory the departure's own generator is made by: {@code outer}'s settings, with a pool of
     * buffers of its own. Made by {@code outer}, it would take its buffers from the thread's pool,
     * which the generator writing around it holds, and allocate 17 kB of new ones each time (a
     * quarter of what a departure allocated).
     */
    private static JsonFactory nested(JsonFactory outer) {
        Nested nested = NESTED;
        if (nested == null || nested.outer() != outer) {
            nested = new Nested(outer, outer.rebuild().recyclerPool(JsonRecyclerPools.newLockFreePool()).build());
            NESTED = nested;
        }
        return nested.factory();
    }

    /** The nested generators' factory, for the mapper's. */
    private record Nested(JsonFactory outer, JsonFactory factory) {
    }

    private static volatile Nested NESTED;

    @Override
    public void resolve(SerializerProvider provider) throws JsonMappingException {
        if (written instanceof ResolvableSerializer resolvable) {
            resolvable.resolve(provider);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public JsonSerializer<?> createContextual(SerializerProvider provider, BeanProperty property) throws JsonMappingException {
        JsonSerializer<Object> contextual = written instanceof ContextualSerializer c
                ? (JsonSerializer<Object>) c.createContextual(provider, property)
                : written;
        return contextual == written ? this : new WrittenOnce(contextual);
    }

    @Override
    public Class<Object> handledType() {
        return written.handledType();
    }

    /** JSON bytes a generator copies as they are. */
    private record Raw(byte[] utf8) implements SerializableString {

        @Override
        public String getValue() {
            return new String(utf8, StandardCharsets.UTF_8);
        }

        @Override
        public int charLength() {
            return getValue().length();
        }

        @Override
        public char[] asQuotedChars() {
            throw new UnsupportedOperationException("raw JSON is not quoted");
        }

        @Override
        public byte[] asUnquotedUTF8() {
            return utf8;
        }

        @Override
        public byte[] asQuotedUTF8() {
            throw new UnsupportedOperationException("raw JSON is not quoted");
        }

        @Override
        public int appendQuotedUTF8(byte[] buffer, int offset) {
            throw new UnsupportedOperationException("raw JSON is not quoted");
        }

        @Override
        public int appendQuoted(char[] buffer, int offset) {
            throw new UnsupportedOperationException("raw JSON is not quoted");
        }

        @Override
        public int appendUnquotedUTF8(byte[] buffer, int offset) {
            if (offset + utf8.length > buffer.length) {
                return -1;
            }
            System.arraycopy(utf8, 0, buffer, offset, utf8.length);
            return utf8.length;
        }

        @Override
        public int appendUnquoted(char[] buffer, int offset) {
            String value = getValue();
            if (offset + value.length() > buffer.length) {
                return -1;
            }
            value.getChars(0, value.length(), buffer, offset);
            return value.length();
        }

        @Override
        public int writeQuotedUTF8(OutputStream out) {
            throw new UnsupportedOperationException("raw JSON is not quoted");
        }

        @Override
        public int writeUnquotedUTF8(OutputStream out) throws IOException {
            out.write(utf8);
            return utf8.length;
        }

        @Override
        public int putQuotedUTF8(ByteBuffer buffer) {
            throw new UnsupportedOperationException("raw JSON is not quoted");
        }

        @Override
        public int putUnquotedUTF8(ByteBuffer buffer) {
            if (utf8.length > buffer.remaining()) {
                return -1;
            }
            buffer.put(utf8);
            return utf8.length;
        }
    }
}
