package io.departure.gateway.async;

import io.departure.gateway.testing.RedisServerResource;
import io.departure.gateway.testing.StubBackendsResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Redrive on the Redis store and a real Redis server. */
@QuarkusTest
@QuarkusTestResource(value = StubBackendsResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = RedisServerResource.class, restrictToAnnotatedClass = true)
class RedisRedriveTest extends RedriveContract {
}
