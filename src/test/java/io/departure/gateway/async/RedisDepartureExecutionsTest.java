package io.departure.gateway.async;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import io.departure.gateway.testing.RedisServerResource;
import io.departure.gateway.testing.StubBackendsResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The async view's every promise again, on the Redis store and a real Redis server. */
@QuarkusTest
@QuarkusTestResource(value = StubBackendsResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = RedisServerResource.class, restrictToAnnotatedClass = true)
class RedisDepartureExecutionsTest extends DepartureExecutionsContract {

    @Test
    void wellnessReportsTheRedisStore() {
        given().get("/q/health/well").then().statusCode(200)
                .body("checks.find { it.name == 'execution-store' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'execution-store' }.data.store", equalTo("redis"));
    }
}
