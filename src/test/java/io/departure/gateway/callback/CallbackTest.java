package io.departure.gateway.callback;

import static io.departure.gateway.testing.StubBackends.FLIGHT;
import static io.departure.gateway.testing.StubBackends.FORECAST;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItems;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.departure.gateway.testing.InjectStubs;
import io.departure.gateway.testing.StubBackends;
import io.departure.gateway.testing.StubBackends.Reply;
import io.departure.gateway.testing.StubBackendsResource;
import io.departure.gateway.testing.WebhookReceiver;
import io.departure.gateway.testing.WebhookReceiver.Received;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Completion callbacks, delivered to a real receiver: signed as Standard Webhooks says (checked
 * here with the test's own HMAC), once per end, tried again after a 503 and after a hang, given
 * up after {@code retry-for} (4 s in tests), and refused at POST for a host the gateway does not allow.
 */
@QuarkusTest
@QuarkusTestResource(value = StubBackendsResource.class, restrictToAnnotatedClass = true)
class CallbackTest {

    /** {@code departure.callbacks.secret} in tests. */
    static final String SECRET = "whsec_dGVzdC1vbmx5LWNhbGxiYWNrLXNpZ25pbmcta2V5";
    static final String DATE = "2026-11-29";
    static final Duration WAIT = Duration.ofSeconds(10);

    @InjectStubs
    StubBackends stubs;

    @TestHTTPResource("/sim/callbacks")
    String simulator;

    WebhookReceiver receiver;

    @BeforeEach
    void start() {
        stubs.reset();
        receiver = WebhookReceiver.start();
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    static String body(String from, String callback) {
        return "{\"flight\":\"AR1973\",\"date\":\"" + DATE + "\",\"from\":\"" + from + "\",\"callback\":" + callback + "}";
    }

    static String startCalling(String from, String url) {
        return given().contentType(ContentType.JSON).body(body(from, "{\"url\":\"" + url + "\"}")).post("/departures")
                .then().statusCode(202).extract().jsonPath().getString("id");
    }

    static JsonPath awaitDelivery(String id, String state) {
        await().atMost(WAIT).until(() -> state.equals(given().get("/departures/" + id).jsonPath().getString("callback.state")));
        return given().get("/departures/" + id).jsonPath();
    }

    /** The signature Standard Webhooks specifies, computed here, apart from the gateway's code. */
    static String signature(Received callback) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(SECRET.substring("whsec_".length())), "HmacSHA256"));
        String signed = callback.header("webhook-id") + "." + callback.header("webhook-timestamp") + "." + callback.text();
        return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aCallbackIsDeliveredOnceSignedAsStandardWebhooksSays() throws Exception {
        String id = startCalling("EZE", receiver.url());
        JsonPath status = awaitDelivery(id, "delivered");
        assertThat(status.getString("callback.url")).isEqualTo(receiver.url());
        assertThat(status.getString("callback.deliveredAt")).isNotNull();
        assertThat(status.getInt("callback.attempts")).isEqualTo(1);
        await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> receiver.received().size() == 1);

        Received callback = receiver.received().get(0);
        assertThat(callback.header("webhook-id")).isEqualTo(id + "-0");
        assertThat(Long.parseLong(callback.header("webhook-timestamp"))).isCloseTo(Instant.now().getEpochSecond(),
                org.assertj.core.data.Offset.offset(60L));
        assertThat(callback.header("webhook-signature")).isEqualTo(signature(callback));
        assertThat(callback.header("Content-Type")).startsWith("application/json");
        JsonPath document = new JsonPath(callback.text());
        assertThat(document.getString("id")).isEqualTo(id);
        assertThat(document.getString("status")).isEqualTo("SUCCEEDED");
        assertThat(document.getBoolean("result.complete")).isTrue();
        assertThat(document.getList("history.event")).endsWith("departure");
    }

    @Test
    void aReceiverThatAnswers503IsTriedAgainWithTheSameMessage() throws Exception {
        receiver.answer(Reply.status(503), Reply.status(204));
        String id = startCalling("EZE", receiver.url());
        JsonPath status = awaitDelivery(id, "delivered");
        assertThat(status.getInt("callback.attempts")).isEqualTo(2);
        List<Received> received = receiver.received();
        assertThat(received).hasSize(2);
        assertThat(received).extracting(r -> r.header("webhook-id")).containsOnly(id + "-0");
        assertThat(received.get(1).header("webhook-signature")).isEqualTo(signature(received.get(1)));
    }

    @Test
    void aReceiverThatHangsIsCutOffAndTriedAgainAndItsConnectionClosed() {
        receiver.answer(Reply.hang(), Reply.status(204));
        String id = startCalling("EZE", receiver.url());
        JsonPath status = awaitDelivery(id, "delivered");
        assertThat(status.getInt("callback.attempts")).isEqualTo(2);
        assertThat(receiver.received()).hasSize(2);
        await().atMost(WAIT).untilAsserted(() -> assertThat(receiver.openConnections())
                .as("the hung connection closed; at most the one kept alive for the next callback").isLessThanOrEqualTo(1));
    }

    @Test
    void aDeliveryIsGivenUpAfterRetryForAndNotTriedAgain() {
        double before = failedDeliveries();
        receiver.answer(Reply.status(503));
        String id = startCalling("EZE", receiver.url());
        JsonPath status = awaitDelivery(id, "failed");
        assertThat(status.getString("callback.lastError")).contains("given up").contains("503");
        assertThat(status.getInt("callback.attempts")).isGreaterThanOrEqualTo(2);
        int tries = receiver.received().size();
        assertThat(tries).isEqualTo(status.getInt("callback.attempts"));
        await().during(Duration.ofSeconds(1)).atMost(WAIT).until(() -> receiver.received().size() == tries);
        assertThat(failedDeliveries()).isEqualTo(before + 1);
    }

    @Test
    void aReceiverThatRefusesOrRedirectsIsNotTriedAgain() {
        receiver.answer(Reply.status(410));
        String refused = startCalling("EZE", receiver.url());
        assertThat(awaitDelivery(refused, "failed").getString("callback.lastError")).contains("410");
        assertThat(receiver.received()).hasSize(1);

        receiver.answer(Reply.status(302));
        String redirected = startCalling("EZE", receiver.url());
        assertThat(awaitDelivery(redirected, "failed").getString("callback.lastError")).contains("302").contains("not followed");
        assertThat(receiver.received()).hasSize(2);
    }

    @Test
    void everyEndIsCalledBackARedriveAndACancellationIncluded() {
        stubs.answer(FORECAST, Reply.status(404), Reply.ok());
        String id = startCalling("GIG", receiver.url());
        awaitDelivery(id, "delivered");
        given().post("/departures/" + id + "/redrive").then().statusCode(202);
        await().atMost(WAIT).until(() -> receiver.received().size() == 2);
        assertThat(receiver.received()).extracting(r -> r.header("webhook-id")).containsExactly(id + "-0", id + "-1");
        assertThat(receiver.received()).extracting(r -> new JsonPath(r.text()).getString("status")).containsExactly("PARTIAL", "SUCCEEDED");
        assertThat(awaitDelivery(id, "delivered").getInt("redriveCount")).isEqualTo(1);

        stubs.answer(FORECAST, Reply.hang());
        String cancelled = startCalling("POA", receiver.url());
        await().atMost(WAIT).until(() -> stubs.received(FORECAST).stream().anyMatch(r -> "POA".equals(r.query().get("airport"))));
        given().delete("/departures/" + cancelled).then().statusCode(202);
        awaitDelivery(cancelled, "delivered");
        assertThat(new JsonPath(receiver.received().get(2).text()).getString("status")).isEqualTo("CANCELLED");
    }

    @Test
    void aCallbackTheGatewayMayNotMakeIsA400ProblemAndStartsNothing() {
        given().contentType(ContentType.JSON).body(body("EZE", "{\"url\":\"https://hooks.evil.example/steal\"}")).post("/departures")
                .then().statusCode(400).contentType("application/problem+json").body("errors.field", hasItems("callback.url"));
        given().contentType(ContentType.JSON).body(body("EZE", "\"https://127.0.0.1/hooks\"")).post("/departures")
                .then().statusCode(400).body("errors.field", hasItems("callback"));
        given().contentType(ContentType.JSON).body(body("EZE", "{}")).post("/departures")
                .then().statusCode(400).body("errors.field", hasItems("callback.url"));
        given().contentType(ContentType.JSON).body(body("EZE", "{\"url\":\"ftp://127.0.0.1/hooks\"}")).post("/departures")
                .then().statusCode(400).body("errors.field", hasItems("callback.url"));
        given().contentType(ContentType.JSON).body(body("EZE", "{\"url\":\"http://user:pw@127.0.0.1/hooks\"}")).post("/departures")
                .then().statusCode(400).body("errors.field", hasItems("callback.url"));
        given().contentType(ContentType.JSON)
                .body("{\"flight\":\"A\",\"date\":\"" + DATE + "\",\"callback\":{\"url\":7}}").post("/departures")
                .then().statusCode(400).body("errors.field", hasItems("flight", "callback.url"));
        assertThat(stubs.received(FLIGHT)).as("nothing started").isEmpty();
    }

    @Test
    void theSimulatorPlaysAReceiverThatVerifiesTheSignature() {
        String id = startCalling("EZE", simulator);
        await().atMost(WAIT).until(() -> given().get(simulator).jsonPath().getList("execution").contains(id));
        JsonPath received = given().get(simulator).jsonPath();
        assertThat(received.getBoolean("find { it.execution == '" + id + "' }.verified")).isTrue();
        assertThat(received.getString("find { it.execution == '" + id + "' }.status")).isEqualTo("SUCCEEDED");
        awaitDelivery(id, "delivered");
    }

    private static double failedDeliveries() {
        String metrics = given().get("/q/metrics").asString();
        return metrics.lines().filter(line -> line.startsWith("departure_callback_deliveries_total{") && line.contains("outcome=\"failed\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }
}
