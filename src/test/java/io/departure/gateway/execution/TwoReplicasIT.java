package io.departure.gateway.execution;

import static io.departure.gateway.testing.StubBackends.FLIGHT;
import static io.departure.gateway.testing.StubBackends.FORECAST;
import static io.departure.gateway.testing.StubBackends.SUBSCRIPTIONS;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.departure.gateway.testing.EventRecorder;
import io.departure.gateway.testing.EventRecorder.Received;
import io.departure.gateway.testing.GatewayProcess;
import io.departure.gateway.testing.RedisServer;
import io.departure.gateway.testing.StubBackends;
import io.departure.gateway.testing.StubBackends.Reply;
import io.departure.gateway.testing.WebhookReceiver;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Two packaged gateways sharing one Redis server, as two replicas behind a load balancer: an
 * execution started on one is read, followed and cancelled on the other, and when the replica
 * running it is killed (SIGKILL) or stopped (SIGTERM), the other continues it: the steps already
 * done are not called again, its followers see every event once, and a watch never holds two
 * subscriptions at the flight service.
 */
class TwoReplicasIT {

    static final String DATE = "2026-11-27";
    static final String BODY = "{\"flight\":\"AR1973\",\"date\":\"" + DATE + "\",\"from\":\"EZE\"}";
    static final Duration WAIT = Duration.ofSeconds(20);

    static RedisServer redis;
    static StubBackends stubs;
    static GatewayProcess a;
    static GatewayProcess b;

    @BeforeAll
    static void start() {
        redis = RedisServer.start();
        stubs = new StubBackends().start();
        a = replica("a");
        b = replica("b");
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable closing : new AutoCloseable[] { a, b, stubs::stop, redis }) {
            try {
                if (closing != null) {
                    closing.close();
                }
            } catch (Exception e) {
                // the next one is still closed
            }
        }
    }

    @BeforeEach
    void reset() {
        stubs.reset();
    }

    static GatewayProcess replica(String name) {
        Map<String, String> properties = new HashMap<>(redis.config());
        properties.put("quarkus.rest-client.flight.url", stubs.url());
        properties.put("quarkus.rest-client.forecast.url", stubs.url());
        properties.put("departure.executions.lease", "1s");
        properties.put("departure.callbacks.allowed-hosts", "127.0.0.1");
        properties.put("departure.callbacks.allow-http", "true");
        properties.put("departure.callbacks.allow-local-addresses", "true");
        properties.put("departure.callbacks.secret", "whsec_dGVzdC1vbmx5LWNhbGxiYWNrLXNpZ25pbmcta2V5");
        properties.put("departure.callbacks.timeout", "1s");
        properties.put("departure.callbacks.backoff.initial", "200ms");
        properties.put("departure.callbacks.backoff.max", "500ms");
        return GatewayProcess.start(name, properties);
    }

    private static String startOn(GatewayProcess replica, String body) {
        return given().baseUri(replica.base()).contentType(ContentType.JSON).body(body).post("/departures")
                .then().statusCode(202).extract().jsonPath().getString("id");
    }

    private static JsonPath statusOn(GatewayProcess replica, String id) {
        return given().baseUri(replica.base()).get("/departures/" + id).then().statusCode(200).extract().jsonPath();
    }

    private static List<String> historyOn(GatewayProcess replica, String id) {
        return statusOn(replica, id).getList("history.event");
    }

    private static JsonPath awaitEnd(GatewayProcess replica, String id) {
        await().atMost(WAIT).until(() -> !"RUNNING".equals(statusOn(replica, id).getString("status")));
        return statusOn(replica, id);
    }

    private static long calls(String backend, String method) {
        return stubs.received(backend).stream().filter(r -> r.method().equals(method)).count();
    }

    @Test
    void anExecutionStartedOnOneReplicaIsReadAndFollowedOnTheOther() {
        stubs.answer(FLIGHT, Reply.ok().after(200));
        stubs.answer(FORECAST, Reply.ok().after(600));
        String id = startOn(a, BODY);

        try (EventRecorder events = new EventRecorder(b.uri("/departures/" + id + "/events"))) {
            List<Received> received = events.awaitEvent("departure", WAIT);
            assertThat(received).extracting(Received::name).containsExactly("execution", "flight", "forecast", "departure");
            assertThat(received).extracting(Received::id).containsExactly(id + ":0", id + ":1", id + ":2", id + ":3");
        }
        JsonPath done = statusOn(b, id);
        assertThat(done.getString("status")).isEqualTo("SUCCEEDED");
        assertThat(done.getString("result.flight.id")).isEqualTo("AR1973");
        try (EventRecorder after = new EventRecorder(a.uri("/departures/" + id + "/events"), id + ":1")) {
            assertThat(after.awaitEvent("departure", WAIT)).extracting(Received::name).containsExactly("forecast", "departure");
        }
        assertThat(calls(FLIGHT, "GET")).isEqualTo(1);
    }

    @Test
    void aDeleteOnTheOtherReplicaCancelsTheExecutionWhereItRuns() {
        stubs.answer(FORECAST, Reply.hang());
        String id = startOn(a, BODY);
        await().atMost(WAIT).until(() -> historyOn(b, id).contains("flight"));

        given().baseUri(b.base()).delete("/departures/" + id).then().statusCode(202);

        await().atMost(WAIT).untilAsserted(() -> assertThat(stubs.hangUps(FORECAST)).as("the forecast call hung up by a").isEqualTo(1));
        JsonPath cancelled = statusOn(a, id);
        assertThat(cancelled.getString("status")).isEqualTo("CANCELLED");
        assertThat(cancelled.getList("history.event")).containsExactly("execution", "flight", "error");
        given().baseUri(a.base()).delete("/departures/" + id).then().statusCode(204);
    }

    @Test
    void whenTheReplicaRunningAnExecutionIsKilledTheOtherFinishesItWithoutCallingDoneStepsAgain() {
        stubs.answer(FORECAST, Reply.ok().after(2000));
        try (GatewayProcess doomed = replica("doomed")) {
            String id = startOn(doomed, BODY);
            await().atMost(WAIT).until(() -> historyOn(b, id).contains("flight"));
            try (EventRecorder events = new EventRecorder(b.uri("/departures/" + id + "/events"))) {
                events.awaitEvent("flight", WAIT);

                doomed.kill();

                List<Received> received = events.awaitEvent("departure", WAIT);
                assertThat(received).extracting(Received::name).containsExactly("execution", "flight", "forecast", "departure");
                assertThat(received).extracting(Received::id).containsExactly(id + ":0", id + ":1", id + ":2", id + ":3");
            }
            JsonPath done = awaitEnd(b, id);
            assertThat(done.getString("status")).isEqualTo("SUCCEEDED");
            assertThat(calls(FLIGHT, "GET")).as("the flight, done before the kill, is not called again").isEqualTo(1);
            assertThat(calls(FORECAST, "GET")).as("the forecast, cut by the kill, runs again").isEqualTo(2);
        }
    }

    @Test
    void aStreamCutByTheKillResumesOnTheOtherReplica() {
        stubs.answer(FORECAST, Reply.ok().after(2000));
        try (GatewayProcess doomed = replica("doomed-stream")) {
            String query = "/departure/stream?flight=AR1973&date=" + DATE + "&from=EZE";
            Received flight;
            try (EventRecorder first = new EventRecorder(doomed.uri(query))) {
                flight = first.awaitEvent("flight", WAIT).get(1);
                doomed.kill();
            }
            String id = flight.id().substring(0, flight.id().indexOf(':'));
            try (EventRecorder resumed = new EventRecorder(b.uri(query), flight.id())) {
                List<Received> received = resumed.awaitEvent("departure", WAIT);
                assertThat(received).extracting(Received::name).containsExactly("forecast", "departure");
                assertThat(received).extracting(Received::id).containsExactly(id + ":2", id + ":3");
                assertThat(resumed.headers().firstValue("Departure-Execution")).hasValue(id);
            }
            assertThat(calls(FLIGHT, "GET")).isEqualTo(1);
        }
    }

    @Test
    void aRedriveAskedOfOneReplicaRunsAndIsFollowedOnTheOther() {
        stubs.answer(FORECAST, Reply.status(404), Reply.ok().after(1000));
        String id = startOn(a, BODY);
        assertThat(awaitEnd(b, id).getString("status")).isEqualTo("PARTIAL");

        given().baseUri(a.base()).post("/departures/" + id + "/redrive").then().statusCode(202);

        try (EventRecorder events = new EventRecorder(b.uri("/departures/" + id + "/events"), id + ":3")) {
            List<Received> received = events.awaitEvent("departure", WAIT);
            assertThat(received).extracting(Received::name).containsExactly("redrive", "forecast", "departure");
            assertThat(received).extracting(Received::id).containsExactly(id + ":4", id + ":5", id + ":6");
        }
        JsonPath done = awaitEnd(b, id);
        assertThat(done.getString("status")).isEqualTo("SUCCEEDED");
        assertThat(done.getInt("redriveCount")).isEqualTo(1);
        assertThat(calls(FLIGHT, "GET")).isEqualTo(1);
        given().baseUri(b.base()).post("/departures/" + id + "/redrive").then().statusCode(409);
    }

    @Test
    void aCallbackOwedByAKilledReplicaIsDeliveredByTheOther() {
        try (WebhookReceiver receiver = WebhookReceiver.start(); GatewayProcess doomed = replica("doomed-callback")) {
            receiver.answer(Reply.status(503));
            String id = startOn(doomed, BODY.replace("}", ",\"callback\":{\"url\":\"" + receiver.url() + "\"}}"));
            await().atMost(WAIT).until(() -> receiver.received().size() >= 1);
            assertThat(statusOn(b, id).getString("callback.state")).isEqualTo("pending");

            doomed.kill();
            receiver.answer(Reply.status(204));

            await().atMost(WAIT).until(() -> "delivered".equals(statusOn(b, id).getString("callback.state")));
            List<WebhookReceiver.Received> received = receiver.received();
            assertThat(received).extracting(r -> r.header("webhook-id")).containsOnly(id + "-0");
            assertThat(received.get(received.size() - 1).text()).contains("\"status\":\"SUCCEEDED\"");
            await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> receiver.received().size() == received.size());
        }
    }

    /**
     * The flight service counts the live subscriptions of each watch as they change (by the
     * execution its idempotency key names): the replica that takes the watch over asks under the
     * same key and is answered the subscription the killed one made.
     */
    @Test
    void aWatchWhoseReplicaIsKilledGoesOnOnTheOtherWithItsOneSubscription() {
        stubs.updates(List.of(StubBackends.flightJson("AR1973", DATE, "EZE", "BOARDING"),
                StubBackends.flightJson("AR1973", DATE, "EZE", "DEPARTED")), 1000, true);
        try (GatewayProcess doomed = replica("doomed-watch")) {
            String id = startOn(doomed, BODY.replace("}", ",\"watch\":true}"));
            await().atMost(WAIT).until(() -> historyOn(b, id).size() >= 5); // its first change relayed: mid-watch

            doomed.kill();

            JsonPath done = awaitEnd(b, id);
            assertThat(done.getString("status")).isEqualTo("SUCCEEDED");
            assertThat(done.getList("history.event"))
                    .containsExactly("execution", "flight", "forecast", "departure", "flight", "flight", "end");
            assertThat(done.getString("history[6].data.reason")).isEqualTo("departed");
            assertThat(calls(SUBSCRIPTIONS, "POST")).as("asked again by b, under the same key").isEqualTo(2);
            assertThat(stubs.subscriptions().mostLiveAtOnce(id)).as("never two subscriptions for the watch").isEqualTo(1);
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(stubs.subscriptions().live(id)).as("none once the watch has ended").isZero();
                assertThat(stubs.released()).containsExactly("sub-1");
            });
        }
    }

    @Test
    void aReplicaStoppedWithSigtermReleasesItsWatchAndTheOtherContinuesAtOnce() {
        stubs.updates(List.of(StubBackends.flightJson("AR1973", DATE, "EZE", "BOARDING"),
                StubBackends.flightJson("AR1973", DATE, "EZE", "DEPARTED")), 1000, true);
        GatewayProcess stopping = replica("stopping");
        try {
            String id = startOn(stopping, BODY.replace("}", ",\"watch\":true}"));
            await().atMost(WAIT).until(() -> calls(SUBSCRIPTIONS, "POST") == 1);

            stopping.terminate();

            assertThat(stubs.released()).as("released by the replica that stopped").contains("sub-1");
            JsonPath done = awaitEnd(b, id);
            assertThat(done.getString("status")).isEqualTo("SUCCEEDED");
            assertThat(done.getList("history.event")).endsWith("end");
            assertThat(calls(SUBSCRIPTIONS, "POST")).isEqualTo(2);
        } finally {
            stopping.close();
        }
    }
}
