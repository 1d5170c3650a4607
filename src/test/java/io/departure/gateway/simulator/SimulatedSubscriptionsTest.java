package io.departure.gateway.simulator;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The simulated flight service's subscriptions as a watch meets them: one per idempotency key
 * while it lives, updates with ids that a reopened stream resumes after, and the chaos mode
 * {@code drop-updates}, which the gateway's watch outlives, each change sent once.
 */
@QuarkusTest
class SimulatedSubscriptionsTest {

    /** A flight whose simulated progress, that far ahead, has four updates: a gate change, a delay, boarding, departure. */
    static final String FLIGHT = "AR1031";
    static final String DATE = "2099-06-15";
    static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URI root;

    /** The subscriptions a test made itself, released after it: others count the simulator's subscriptions. */
    private final List<String> made = new ArrayList<>();

    @AfterEach
    void calm() {
        given().contentType(ContentType.JSON).body("{\"mode\":\"normal\"}").put("/sim/chaos/flight").then().statusCode(200);
        made.forEach(sid -> given().delete("/sim/flights/" + FLIGHT + "/subscriptions/" + sid));
    }

    private String subscribe(String key, int status) {
        var request = given();
        if (key != null) {
            request = request.header("Idempotency-Key", key);
        }
        String sid = request.post("/sim/flights/" + FLIGHT + "/subscriptions?date=" + DATE).then().statusCode(status)
                .body("leaseSeconds", equalTo(300)).extract().path("id");
        made.add(sid);
        return sid;
    }

    /** The lines of a stream until it ends, or is cut (then the lines received before). */
    private List<String> lines(String path, String lastEventId) {
        HttpRequest.Builder request = HttpRequest.newBuilder(root.resolve(path)).timeout(Duration.ofSeconds(10));
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        List<String> lines = new ArrayList<>();
        try {
            HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofLines()).body().forEach(lines::add);
        } catch (UncheckedIOException | IOException cut) {
            // the stream was reset: what came before is the answer
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return lines;
    }

    private List<String> updates(String subscription, String lastEventId) {
        return lines("/sim/flights/" + FLIGHT + "/subscriptions/" + subscription + "/events", lastEventId);
    }

    private static List<String> prefixed(List<String> lines, String prefix) {
        return lines.stream().filter(line -> line.startsWith(prefix)).map(line -> line.substring(prefix.length())).toList();
    }

    @Test
    void aRepeatedIdempotencyKeyFindsTheLiveSubscriptionAndAReleasedOneIsMadeAgain() {
        String first = subscribe("e1:subscription", 201);
        assertThat(subscribe("e1:subscription", 200)).isEqualTo(first);
        assertThat(subscribe(null, 201)).as("without a key, each call makes one").isNotEqualTo(first);
        given().get("/sim/subscriptions").then().body("findAll { it.idempotencyKey == 'e1:subscription' }.size()", equalTo(1));

        given().delete("/sim/flights/" + FLIGHT + "/subscriptions/" + first).then().statusCode(204);
        assertThat(subscribe("e1:subscription", 201)).as("the key names the live one only").isNotEqualTo(first);
    }

    @Test
    void updatesCarryTheirNumberAndAStreamOpenedAgainResumesAfterTheLastOneReceived() {
        String sid = subscribe(null, 201);
        List<String> all = updates(sid, null);
        assertThat(prefixed(all, "id: ")).containsExactly("1", "2", "3", "4");
        assertThat(prefixed(updates(sid, "2"), "id: ")).containsExactly("3", "4");
        assertThat(prefixed(updates(sid, null), "data: ")).as("opened again without an id: from the latest update sent")
                .containsExactly(prefixed(all, "data: ").get(3));
    }

    @Test
    void dropUpdatesModeResetsEveryStreamAfterTwoUpdates() {
        given().contentType(ContentType.JSON).body("{\"mode\":\"drop-updates\"}").put("/sim/chaos/flight").then().statusCode(200)
                .body("mode", equalTo("drop-updates"));
        String sid = subscribe(null, 201);
        assertThat(prefixed(updates(sid, null), "id: ")).containsExactly("1", "2");
        assertThat(prefixed(updates(sid, "2"), "id: ")).as("the rest, after a reconnect").containsExactly("3", "4");
    }

    @Test
    void aWatchOutlivesDroppedUpdateStreamsAndSendsEveryChangeOnce() throws Exception {
        List<String> progress = prefixed(updates(subscribe(null, 201), null), "data: ");
        given().contentType(ContentType.JSON).body("{\"mode\":\"drop-updates\"}").put("/sim/chaos/flight").then().statusCode(200);

        List<String> watch = lines("/departure/stream?flight=" + FLIGHT + "&date=" + DATE + "&from=EZE&watch=true", null);

        List<String> events = prefixed(watch, "event:");
        List<String> data = prefixed(watch, "data:");
        List<JsonNode> changes = new ArrayList<>();
        for (int i = events.indexOf("departure") + 1; i < events.size(); i++) {
            if (events.get(i).equals("flight")) {
                changes.add(JSON.readTree(data.get(i)).get("value"));
            }
        }
        List<JsonNode> expected = new ArrayList<>();
        for (String update : progress) {
            expected.add(JSON.readTree(update));
        }
        assertThat(changes).as("every change of the flight's progress, once").isEqualTo(expected);
        assertThat(events).contains("watch").endsWith("end");
        assertThat(JSON.readTree(data.get(events.indexOf("watch"))).get("state").asText()).isEqualTo("reconnected");
        assertThat(JSON.readTree(data.get(data.size() - 1)).get("reason").asText()).isEqualTo("departed");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> given().get("/sim/subscriptions")
                .then().body("findAll { it.idempotencyKey != null }.size()", equalTo(0)));
    }
}
