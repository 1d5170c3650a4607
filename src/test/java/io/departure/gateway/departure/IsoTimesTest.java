package io.departure.gateway.departure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The hand-written times are the text Jackson's Java-time module writes, and read back the same values. */
class IsoTimesTest {

    record Times(OffsetDateTime scheduled, Instant at, LocalDate date) {
    }

    private final ObjectMapper jackson = mapper();
    private final ObjectMapper gateway = mapper().registerModule(IsoTimeCodecs.module());

    private static ObjectMapper mapper() {
        return new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);
    }

    @Test
    void writesAndReadsWhatJacksonDoes() throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        int[] nanos = { 0, 500_000_000, 120_000_000, 123_000_000, 123_400_000, 123_456_000, 123_456_700, 1, 999_999_999 };
        for (int i = 0; i < 20_000; i++) {
            long second = random.nextLong(-70_000_000_000L, 260_000_000_000L);
            int nano = random.nextBoolean() ? nanos[random.nextInt(nanos.length)] : random.nextInt(1_000_000_000);
            ZoneOffset offset = switch (random.nextInt(4)) {
                case 0 -> ZoneOffset.UTC;
                case 1 -> ZoneOffset.ofTotalSeconds(random.nextInt(-18 * 60, 18 * 60 + 1) * 60);
                case 2 -> ZoneOffset.ofTotalSeconds(random.nextInt(-18 * 3600, 18 * 3600 + 1));
                default -> ZoneOffset.ofHours(-3);
            };
            Instant at = Instant.ofEpochSecond(second, nano);
            OffsetDateTime scheduled = OffsetDateTime.ofInstant(random.nextBoolean() ? at : at.truncatedTo(java.time.temporal.ChronoUnit.MINUTES), offset);
            Times times = new Times(scheduled, at, scheduled.toLocalDate());

            String expected = jackson.writeValueAsString(times);
            assertEquals(expected, gateway.writeValueAsString(times), () -> "written as Jackson does: " + times);
            assertEquals(jackson.readValue(expected, Times.class), gateway.readValue(expected, Times.class), expected);
        }
    }

    @Test
    void readsTheFormsBackendsSendAsJacksonDoes() {
        for (String text : List.of("2026-11-27T10:15-03:00", "2026-11-27T10:15:30-03:00", "2026-11-27T10:15:30.5+05:30",
                "2026-11-27T10:15:30.123456789Z", "2026-11-27T10:15Z", "2026-11-27t10:15:30z", "2026-11-27T10:15:30+00:00",
                "2026-11-27T10:15:30+0530", "2026-11-27T10:15:30.Z", "+12026-11-27T10:15:30Z", "2026-11-27T10:15:30.1234567891Z")) {
            String json = "[\"" + text + "\"]";
            assertEquals(read(jackson, json, new TypeReference<List<OffsetDateTime>>() {
            }), read(gateway, json, new TypeReference<List<OffsetDateTime>>() {
            }), text);
            if (text.endsWith("Z") || text.endsWith("z")) {
                assertEquals(read(jackson, json, new TypeReference<List<Instant>>() {
                }), read(gateway, json, new TypeReference<List<Instant>>() {
                }), text);
            }
        }
        for (String text : List.of("2026-11-27", "2026-02-28", "+12026-11-27")) {
            String json = "[\"" + text + "\"]";
            assertEquals(read(jackson, json, new TypeReference<List<LocalDate>>() {
            }), read(gateway, json, new TypeReference<List<LocalDate>>() {
            }), text);
        }
    }

    @Test
    void refusesWhatJacksonRefuses() {
        for (String text : List.of("2026-13-27T10:15:30Z", "2026-02-30T10:15:30Z", "2026-11-27T24:15:30Z", "2026-11-27T10:15:30+19:00",
                "2026-11-27T10:15:3Z", "2026-11-27 10:15:30Z", "tomorrow")) {
            assertTrue(refuses(jackson, text) && refuses(gateway, text), text);
        }
        assertThrows(InvalidFormatException.class, () -> gateway.readValue("\"2026-02-30\"", LocalDate.class));
    }

    /** The value read, or that it was refused. */
    private static Object read(ObjectMapper mapper, String json, TypeReference<?> type) {
        try {
            return mapper.readValue(json, type);
        } catch (Exception refused) {
            return "refused";
        }
    }

    private static boolean refuses(ObjectMapper mapper, String text) {
        try {
            mapper.readValue("\"" + text + "\"", OffsetDateTime.class);
            return false;
        } catch (Exception refused) {
            return true;
        }
    }
}
