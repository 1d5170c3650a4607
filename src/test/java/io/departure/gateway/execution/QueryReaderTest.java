package io.departure.gateway.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.departure.gateway.departure.Fact;
import io.departure.gateway.problem.Problem;
import io.departure.gateway.problem.ProblemException;
import io.vertx.core.MultiMap;

/**
 * A departure query reads the same from a request's parameters (sync and stream views) and from a
 * JSON body (async view): normalised alike, and a bad one refused alike, every bad field listed.
 */
class QueryReaderTest {

    static final ObjectMapper JSON = new ObjectMapper();

    private static MultiMap parameters(String... namesAndValues) {
        MultiMap parameters = MultiMap.caseInsensitiveMultiMap();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            parameters.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return parameters;
    }

    private static JsonNode body(String json) throws Exception {
        return JSON.readTree(json);
    }

    private static List<Problem.FieldError> refused(Runnable read) {
        ProblemException refused = catchThrowableOfType(read::run, ProblemException.class);
        assertThat(refused).as("a 400 problem").isNotNull();
        assertThat(refused.problem().status()).isEqualTo(400);
        return refused.problem().errors();
    }

    @Test
    void parametersAndBodyGiveTheSameNormalisedQuery() throws Exception {
        ExecutionQuery fromParameters = QueryReader.parameters(
                parameters("flight", "ar1973", "date", "2026-11-27", "from", "eze", "watch", "true"), true, "alice");
        ExecutionQuery fromBody = QueryReader.body(body("{\"flight\":\"ar1973\",\"date\":\"2026-11-27\",\"from\":\"eze\",\"watch\":true}"),
                "alice");

        assertThat(fromParameters).isEqualTo(new ExecutionQuery("AR1973", "2026-11-27", "EZE", true, "alice")).isEqualTo(fromBody);
    }

    @Test
    void withoutAnAirportTheFlightMustTellIt() {
        ExecutionQuery query = QueryReader.parameters(parameters("flight", "LA8012X", "date", "2026-01-31"), true, null);

        assertThat(query).isEqualTo(new ExecutionQuery("LA8012X", "2026-01-31", null, false));
        assertThat(query.facts().knows(Fact.AIRPORT)).isFalse();
    }

    @Test
    void aViewWithoutWatchDoesNotReadIt() {
        ExecutionQuery query = QueryReader.parameters(parameters("flight", "AR1973", "date", "2026-11-27", "watch", "yes"), false, null);

        assertThat(query.watch()).isFalse();
    }

    @Test
    void everyBadParameterIsListed() {
        List<Problem.FieldError> errors = refused(() -> QueryReader.parameters(
                parameters("date", "2026-02-30", "from", "EZEE", "watch", "TRUE"), true, null));

        assertThat(errors).extracting(Problem.FieldError::field).containsExactly("date", "flight", "from", "watch");
        assertThat(errors).extracting(Problem.FieldError::message).containsExactly("must be a date written YYYY-MM-DD",
                "is required", "must be a three-letter IATA airport code such as EZE", "must be true or false");
    }

    @Test
    void theBodyIsRefusedAsTheParametersAre() throws Exception {
        List<Problem.FieldError> fromParameters = refused(() -> QueryReader.parameters(
                parameters("flight", "AR-1973", "date", "27/11/2026"), true, null));
        JsonNode body = body("{\"flight\":\"AR-1973\",\"date\":\"27/11/2026\"}");
        List<Problem.FieldError> fromBody = refused(() -> QueryReader.body(body, null));

        assertThat(fromBody).isEqualTo(fromParameters).hasSize(2);
    }

    @Test
    void aBodyFieldOfTheWrongTypeIsOneErrorForThatField() throws Exception {
        JsonNode wrong = body("{\"flight\":1973,\"date\":\"2026-11-27\",\"watch\":\"yes\"}");

        List<Problem.FieldError> errors = refused(() -> QueryReader.body(wrong, null));

        assertThat(errors).containsExactly(new Problem.FieldError("flight", "must be a string"),
                new Problem.FieldError("watch", "must be true or false"));
    }

    @Test
    void aBodyThatIsNotAnObjectIsRefusedAsAWhole() throws Exception {
        JsonNode array = body("[\"AR1973\"]");

        assertThat(refused(() -> QueryReader.body(array, null)))
                .containsExactly(new Problem.FieldError("body", "must be a JSON object with flight and date"));
        assertThat(refused(() -> QueryReader.body(null, null))).extracting(Problem.FieldError::field).containsExactly("body");
    }

    /**
     * The checks by hand accept exactly what the documented patterns (the API description's) do:
     * every string of up to 8 characters from an alphabet that straddles each class's edges.
     */
    @Test
    void theHandWrittenChecksAreThePublishedPatterns() {
        java.util.regex.Pattern flight = java.util.regex.Pattern.compile(QueryReader.FLIGHT);
        java.util.regex.Pattern airport = java.util.regex.Pattern.compile(QueryReader.AIRPORT);
        char[] alphabet = { '0', '9', '/', ':', 'A', 'Z', '@', '[', 'a', 'z', '`', '{', '\u00e9', '\u0661', '\n', ' ' };
        java.util.Random random = new java.util.Random(25);
        int accepted = 0;
        for (int i = 0; i < 200_000; i++) {
            int length = random.nextInt(9);
            StringBuilder value = new StringBuilder(length);
            for (int j = 0; j < length; j++) {
                // Mostly letters and digits, so that valid designators are drawn too.
                value.append(random.nextInt(4) == 0 ? alphabet[random.nextInt(alphabet.length)]
                        : "AR19730LAz5"
                                .charAt(random.nextInt(11)));
            }
            String drawn = value.toString();
            assertThat(QueryReader.isFlight(drawn)).as("flight %s", drawn).isEqualTo(flight.matcher(drawn).matches());
            assertThat(QueryReader.isAirport(drawn)).as("airport %s", drawn).isEqualTo(airport.matcher(drawn).matches());
            accepted += QueryReader.isFlight(drawn) ? 1 : 0;
        }
        assertThat(accepted).as("valid designators among those drawn").isGreaterThan(1_000);
        for (String edge : List.of("AR1973", "AR1973Z", "AR19735", "A1", "AR", "AR1", "AR1973ZZ", "1234", "AR1973\n", "EZE", "EZ", "EZE\n")) {
            assertThat(QueryReader.isFlight(edge)).as("flight %s", edge).isEqualTo(flight.matcher(edge).matches());
            assertThat(QueryReader.isAirport(edge)).as("airport %s", edge).isEqualTo(airport.matcher(edge).matches());
        }
    }
}
