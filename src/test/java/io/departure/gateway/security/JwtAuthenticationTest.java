package io.departure.gateway.security;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.security.KeyPair;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.departure.gateway.testing.InjectStubs;
import io.departure.gateway.testing.SigningKeys;
import io.departure.gateway.testing.StubBackends;
import io.departure.gateway.testing.StubBackendsResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.smallrye.jwt.build.Jwt;

/**
 * {@code departure.auth.mode=jwt}: tokens this test signs with a key pair of its own. No token or a
 * bad one is a 401 problem; health stays open; an execution is read and cancelled only by the
 * subject that started it.
 */
@QuarkusTest
@QuarkusTestResource(value = StubBackendsResource.class, restrictToAnnotatedClass = true)
@TestProfile(JwtAuthenticationTest.Jwt.class)
class JwtAuthenticationTest {

    static final String ISSUER = "https://issuer.departure.test";
    static final KeyPair KEYS = SigningKeys.generate();
    static final KeyPair STRANGER = SigningKeys.generate();
    static final String BODY = "{\"flight\":\"AR1973\",\"date\":\"2026-11-27\",\"from\":\"EZE\"}";

    public static class Jwt implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("departure.auth.mode", "jwt", "mp.jwt.verify.publickey.location",
                    SigningKeys.publicKeyPem(KEYS).toUri().toString(), "mp.jwt.verify.issuer", ISSUER, "departure.limits.streams", "1");
        }
    }

    private static String token(String subject, KeyPair keys) {
        return io.smallrye.jwt.build.Jwt.issuer(ISSUER).subject(subject).expiresIn(Duration.ofMinutes(5)).sign(keys.getPrivate());
    }

    private static String bearer(String subject) {
        return "Bearer " + token(subject, KEYS);
    }

    @Test
    void withoutAValidTokenEveryDepartureEndpointAnswersA401Problem() {
        for (String path : new String[] { "/departure?flight=AR1973&date=2026-11-27&from=EZE",
                "/departure/stream?flight=AR1973&date=2026-11-27&from=EZE", "/departures/unknown" }) {
            given().get(path).then().statusCode(401).contentType(startsWith("application/problem+json"))
                    .header("WWW-Authenticate", "Bearer").body("status", equalTo(401));
            given().header("Authorization", "Bearer " + token("alice", STRANGER)).get(path).then().statusCode(401)
                    .contentType(startsWith("application/problem+json")).body("detail", equalTo("the bearer token is not valid"));
            given().header("Authorization", "Bearer not-a-token").get(path).then().statusCode(401);
        }
        given().contentType(ContentType.JSON).body(BODY).post("/departures").then().statusCode(401);
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void aValidTokenIsServed() {
        given().header("Authorization", bearer("alice")).get("/departure?flight=AR1973&date=2026-11-27&from=EZE").then()
                .statusCode(200).body("flight.id", equalTo("AR1973"));
    }

    @InjectStubs
    StubBackends stubs;

    @Test
    void anExecutionIsReadAndCancelledOnlyByItsSubject() {
        stubs.reset();
        stubs.updates(java.util.List.of(), 60_000, false); // a watch that goes on until it is cancelled
        String id = given().header("Authorization", bearer("alice")).contentType(ContentType.JSON)
                .body(BODY.replace("}", ",\"watch\":true}")).post("/departures")
                .then().statusCode(202).extract().jsonPath().getString("id");
        given().header("Authorization", bearer("alice")).get("/departures/" + id).then().statusCode(200)
                .body("query.subject", equalTo("alice"));
        given().header("Authorization", bearer("bob")).get("/departures/" + id).then().statusCode(404);
        given().header("Authorization", bearer("bob")).get("/departures/" + id + "/events").then().statusCode(404);
        given().header("Authorization", bearer("bob")).delete("/departures/" + id).then().statusCode(404);
        given().header("Authorization", bearer("alice")).get("/departures/" + id).then().body("status", equalTo("RUNNING"));
        given().header("Authorization", bearer("alice")).delete("/departures/" + id).then().statusCode(202)
                .body("status", equalTo("CANCELLED"));
    }

    @Test
    void eachSubjectIsAClientOfItsOwnForTheLimits() {
        stubs.reset();
        stubs.updates(java.util.List.of(), 60_000, false);
        String watch = BODY.replace("}", ",\"watch\":true}");
        String alice = given().header("Authorization", bearer("alice")).contentType(ContentType.JSON).body(watch).post("/departures")
                .then().statusCode(202).extract().jsonPath().getString("id");
        // One watch each (departure.limits.streams=1): alice's second is refused, bob, from the same address, is served.
        given().header("Authorization", bearer("alice")).contentType(ContentType.JSON).body(watch).post("/departures")
                .then().statusCode(429).body("type", equalTo("urn:departure-gateway:problem:too-many-streams"));
        String bob = given().header("Authorization", bearer("bob")).contentType(ContentType.JSON).body(watch).post("/departures")
                .then().statusCode(202).extract().jsonPath().getString("id");
        given().header("Authorization", bearer("alice")).delete("/departures/" + alice).then().statusCode(202);
        given().header("Authorization", bearer("bob")).delete("/departures/" + bob).then().statusCode(202);
    }

    @Test
    void theSameIdempotencyKeyOfTwoSubjectsStartsTwoExecutions() {
        String alice = given().header("Authorization", bearer("alice")).header("Idempotency-Key", "order-1").contentType(ContentType.JSON)
                .body(BODY).post("/departures").then().statusCode(202).extract().jsonPath().getString("id");
        String bob = given().header("Authorization", bearer("bob")).header("Idempotency-Key", "order-1").contentType(ContentType.JSON)
                .body(BODY).post("/departures").then().statusCode(202).extract().jsonPath().getString("id");
        org.assertj.core.api.Assertions.assertThat(bob).isNotEqualTo(alice);
    }
}
