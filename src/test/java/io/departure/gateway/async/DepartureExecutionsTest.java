package io.departure.gateway.async;

import io.departure.gateway.testing.StubBackendsResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The async view on the memory store. */
@QuarkusTest
@QuarkusTestResource(value = StubBackendsResource.class, restrictToAnnotatedClass = true)
class DepartureExecutionsTest extends DepartureExecutionsContract {
}
