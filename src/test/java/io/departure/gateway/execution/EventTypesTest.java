package io.departure.gateway.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.departure.gateway.backend.Backend;
import io.departure.gateway.departure.Departure;
import io.departure.gateway.departure.DepartureStep;
import io.departure.gateway.departure.Fact;
import io.departure.gateway.departure.Facts;
import io.departure.gateway.departure.JsonSettings;
import io.departure.gateway.engine.Outcome;
import io.departure.gateway.engine.StepContext;
import io.departure.gateway.engine.StepEvent;
import io.departure.gateway.engine.StepUpdate;
import io.departure.gateway.flight.Flight;
import io.departure.gateway.forecast.Forecast;
import io.departure.gateway.problem.Problem;
import io.departure.gateway.watch.DepartureWatch;
import io.smallrye.mutiny.Uni;

/**
 * Every event an execution stores reads back as the value it was written from, whichever store
 * held it, and the JSON that earlier versions wrote to Redis reads the same way and is written
 * again to the letter: replicas of both versions share one store during a rolling deploy.
 */
class EventTypesTest {

    private static final ObjectMapper JSON = mapper();
    private static final EventCodec CODEC = new EventCodec(JSON, EventTypes.readers(JSON,
            List.of(new StubStep<>("flight", Flight.class, true), new StubStep<>("forecast", Forecast.class, false))));

    private static final String FLIGHT = "{\"id\":\"AR1973\",\"date\":\"2026-11-27\",\"status\":\"ON_TIME\",\"origin\":\"EZE\","
            + "\"destination\":\"YUL\",\"scheduledDeparture\":\"2026-11-27T21:40:00-03:00\",\"estimatedDeparture\":null,\"gate\":\"A12\"}";
    private static final String FORECAST = "{\"airport\":\"EZE\",\"date\":\"2026-11-27\",\"summary\":\"cloudy\",\"temperatureC\":18.5,"
            + "\"precipitationProbability\":0.3,\"windKph\":22.0}";

    /** The application's settings: ISO dates, offsets kept as written, unknown members ignored. */
    private static ObjectMapper mapper() {
        ObjectMapper json = new ObjectMapper().findAndRegisterModules().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        new JsonSettings().customize(json);
        return json;
    }

    /** A step with nothing to call: only its name, the type of its value and whether it is required count here. */
    record StubStep<T>(String name, Class<T> type, boolean required) implements DepartureStep<T> {

        @Override
        public int position() {
            return 0;
        }

        @Override
        public Set<Fact> needs() {
            return Set.of();
        }

        @Override
        public Backend backend() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Uni<T> fetch(StepContext context, Facts facts, Duration attemptTimeout) {
            throw new UnsupportedOperationException();
        }
    }

    private static Flight flight(String gate) {
        return new Flight("AR1973", LocalDate.parse("2026-11-27"), "ON_TIME", "EZE", "YUL",
                OffsetDateTime.parse("2026-11-27T21:40:00-03:00"), null, gate);
    }

    /** Reads JSON an earlier version stored and checks that it is written back as it was. */
    private static Object stored(String event, String json) {
        Object data = CODEC.data(event, json);
        assertThat(CODEC.write(data)).isEqualTo(json);
        return data;
    }

    @Test
    void aStepsOutcomeIsItsEventWithItsValueTypedAndWhetherTheStepIsRequired() {
        String json = "{\"step\":\"flight\",\"outcome\":\"ok\",\"attempts\":2,\"durationMs\":301,\"value\":" + FLIGHT
                + ",\"shared\":true,\"hedged\":true,\"startedMs\":0,\"attemptsAtMs\":[0,150],\"deadlineMs\":2000}";

        assertThat(stored("flight", json)).isEqualTo(new StepEvent("flight", Outcome.OK, 2, 301, flight("A12"), null, null, null,
                true, true, 0L, List.of(0L, 150L), 2000L, true, null));
    }

    @Test
    void anOptionalStepsFallbackKeepsItsStaleValueAndWhy() {
        String json = "{\"step\":\"forecast\",\"outcome\":\"fallback\",\"attempts\":1,\"durationMs\":800,\"value\":" + FORECAST
                + ",\"error\":\"forecast timed out\",\"stale\":true,\"ageMs\":60000}";

        StepEvent event = (StepEvent) stored("forecast", json);
        assertThat(event.value()).isEqualTo(new Forecast("EZE", LocalDate.parse("2026-11-27"), "cloudy", 18.5, 0.3, 22.0));
        assertThat(event.stale()).isTrue();
        assertThat(event.required()).isFalse();
        assertThat(event.failsExecution()).isFalse();
    }

    @Test
    void aStepsUpdateDuringAWatchIsAnUpdate() {
        String json = "{\"step\":\"flight\",\"outcome\":\"ok\",\"value\":" + FLIGHT.replace("A12", "B7") + "}";

        assertThat(stored("flight", json)).isEqualTo(new StepUpdate("flight", flight("B7")));
    }

    @Test
    void theDepartureKeepsItsMembersInOrderWithEachValueTyped() {
        String json = "{\"flight\":" + FLIGHT + ",\"forecast\":null,\"complete\":false,\"parts\":{"
                + "\"flight\":{\"outcome\":\"ok\",\"attempts\":1,\"durationMs\":301},"
                + "\"forecast\":{\"outcome\":\"timeout\",\"attempts\":1,\"durationMs\":800,\"error\":\"forecast timed out\"}}}";

        Departure departure = (Departure) stored("departure", json);
        assertThat(departure.value("flight", Flight.class)).isEqualTo(flight("A12"));
        assertThat(departure.values()).containsKey("forecast").containsEntry("forecast", null);
        assertThat(departure.complete()).isFalse();
        assertThat(departure.parts().get("forecast").outcome()).isEqualTo(Outcome.TIMEOUT);
    }

    @Test
    void theProblemTheWatchsEndAndTheFirstEventReadBackAsWritten() {
        Problem problem = (Problem) stored("error", "{\"type\":\"urn:departure-gateway:problem:flight-not-found\",\"title\":\"Not found\","
                + "\"status\":404,\"detail\":\"no flight AR1973\",\"parts\":{\"flight\":{\"outcome\":\"failed\",\"attempts\":1,"
                + "\"durationMs\":5,\"error\":\"no flight AR1973\"}}}");
        assertThat(problem.status()).isEqualTo(404);
        assertThat(stored("end", "{\"reason\":\"departed\"}")).isEqualTo(new DepartureWatch.End("departed", null));
        assertThat(stored("execution", "{\"id\":\"a297c0f89a786c9dfae90107\"}"))
                .isEqualTo(ExecutionStore.first("a297c0f89a786c9dfae90107"));
    }

    @Test
    void whatAnExecutionPublishesReadsBackAsTheSameValue() {
        StepEvent outcome = new StepEvent("forecast", Outcome.OK, 1, 120, new Forecast("EZE", LocalDate.parse("2026-11-27"), "sunny",
                25.0, null, null), null, null, null, null, null, 3L, List.of(0L), 2000L, false, null);
        Departure departure = Departure.of(List.of("flight", "forecast"), List.of(outcome));
        Problem problem = Problem.of("timeout", "Out of time", 504, "the deadline passed").withParts(departure.parts());

        for (Map.Entry<String, Object> event : Map.<String, Object> of("forecast", outcome, "departure", departure, "end",
                new DepartureWatch.End("error", "the subscription failed"), "execution", ExecutionStore.first("x")).entrySet()) {
            assertThat(CODEC.data(event.getKey(), CODEC.write(event.getValue()))).as(event.getKey()).isEqualTo(event.getValue());
        }
        assertThat(CODEC.write(CODEC.data("error", CODEC.write(problem)))).isEqualTo(CODEC.write(problem));
    }

    @Test
    void aStoredResultIsTheDepartureOrTheProblem() {
        Departure departure = Departure.of(List.of("flight"), List.of(new StepEvent("flight", Outcome.OK, 1, 3, flight("A12"), null,
                null, null, null, null, null, null, null, true, null)));
        Problem problem = Problem.of("cancelled", "Execution cancelled", 410, "cancelled by its client");

        assertThat(CODEC.result(CODEC.write(departure))).isEqualTo(departure);
        assertThat(CODEC.result(CODEC.write(problem))).isEqualTo(problem);
    }

    @Test
    void anEventOrAPartThisVersionDoesNotKnowStaysAsItWasStored() {
        String lounge = "{\"step\":\"lounge\",\"outcome\":\"ok\",\"attempts\":1,\"durationMs\":4,\"value\":{\"name\":\"Star\"}}";
        assertThat(stored("lounge", lounge)).isInstanceOf(JsonNode.class);

        String json = "{\"flight\":null,\"lounge\":{\"name\":\"Star\"},\"complete\":false,\"parts\":{}}";
        Departure departure = (Departure) stored("departure", json);
        assertThat(departure.values()).containsOnlyKeys("flight", "lounge");
    }

    @Test
    void storedDataThatIsNotWhatItsEventCarriesIsAnError() {
        assertThatThrownBy(() -> CODEC.data("flight", "{\"outcome\":\"sideways\",\"attempts\":1}"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> CODEC.data("departure", "\"d\"")).isInstanceOf(IllegalStateException.class);
        assertThat(CODEC.data("departure", "null")).isNull();
        assertThat(new EventCodec(JSON, new LinkedHashMap<>()).data("departure", "\"d\"")).hasToString("\"d\"");
    }
}
