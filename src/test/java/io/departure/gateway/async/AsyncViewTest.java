package io.departure.gateway.async;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;

import io.departure.gateway.testing.InjectStubs;
import io.departure.gateway.testing.StubBackends;
import io.quarkus.test.common.http.TestHTTPResource;
import io.restassured.path.json.JsonPath;

/** What the async view's tests share: the stub backends, fast and correct before each test, and waiting for an end. */
abstract class AsyncViewTest {

    @InjectStubs
    StubBackends stubs;

    @TestHTTPResource("/departures")
    URI departures;

    @BeforeEach
    void reset() {
        stubs.reset();
    }

    /** The status document once the execution is no longer running. */
    static JsonPath awaitEnd(String id) {
        await().atMost(Duration.ofSeconds(8)).until(() -> !"RUNNING".equals(given().get("/departures/" + id).jsonPath().getString("status")));
        return given().get("/departures/" + id).then().statusCode(200).extract().jsonPath();
    }
}
