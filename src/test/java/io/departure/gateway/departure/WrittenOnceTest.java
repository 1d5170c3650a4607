package io.departure.gateway.departure;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;

import io.departure.gateway.engine.Outcome;

/** A departure written once and copied after is the JSON Jackson writes for it, wherever it is written. */
class WrittenOnceTest {

    private final ObjectMapper jackson = new ObjectMapper();
    private final ObjectMapper gateway = new ObjectMapper()
            .registerModule(new SimpleModule().setSerializerModifier(WrittenOnce.modifier()));

    private static Departure departure(String flight, String airport) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("flight", Map.of("id", flight, "origin", "Aeroparque \"Jorge Newbery\" — ñ"));
        values.put("forecast", airport == null ? null : Map.of("airport", airport, "temperatureC", 18.5));
        return new Departure(values, airport != null,
                Map.of("flight", new Part(Outcome.OK, 1, 12, null, null, null, null, null)));
    }

    @Test
    void theAnswerAndTheFrozenEventsAreJacksonsJson() throws Exception {
        Departure first = departure("AR1973", "EZE");
        Departure second = departure("LA800", null);
        // As the sync view does: the events frozen, then the answer, on one thread.
        for (Object written : List.of(List.of(Map.of("event", "departure", "data", first)), first, first,
                Map.of("result", first, "other", second), second, List.of(first, second, first))) {
            assertThat(new String(gateway.writeValueAsBytes(written), StandardCharsets.UTF_8))
                    .isEqualTo(jackson.writeValueAsString(written));
            assertThat(gateway.writeValueAsString(written)).isEqualTo(jackson.writeValueAsString(written));
            // As the REST layer writes an answer: a generator of its own, made without the mapper.
            java.io.ByteArrayOutputStream answer = new java.io.ByteArrayOutputStream();
            try (var generator = new com.fasterxml.jackson.core.JsonFactory().createGenerator(answer)) {
                gateway.writerFor(written.getClass()).writeValue(generator, written);
            }
            assertThat(answer.toString(StandardCharsets.UTF_8)).isEqualTo(jackson.writeValueAsString(written));
        }
    }
}
