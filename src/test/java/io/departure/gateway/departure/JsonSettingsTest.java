package io.departure.gateway.departure;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;

/** The gateway's one ObjectMapper (views, backends, stores) keeps offsets and writes times by hand. */
@QuarkusTest
class JsonSettingsTest {

    @Inject
    ObjectMapper json;

    @Test
    void timesKeepTheirOffsetAndAreWrittenByHand() throws Exception {
        OffsetDateTime scheduled = json.readValue("\"2026-11-27T10:15-03:00\"", OffsetDateTime.class);
        assertEquals("\"2026-11-27T10:15:00-03:00\"", json.writeValueAsString(scheduled));
        for (Class<?> type : new Class<?>[] { OffsetDateTime.class, Instant.class, LocalDate.class }) {
            Class<?> serializer = json.getSerializerProviderInstance().findValueSerializer(type).getClass();
            assertEquals(IsoTimeCodecs.class, serializer.getEnclosingClass(), type + " written by IsoTimeCodecs, not " + serializer);
        }
    }
}
