package io.departure.gateway.stream;

import io.departure.gateway.testing.StubBackendsResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Resuming streams on the memory store. */
@QuarkusTest
@QuarkusTestResource(value = StubBackendsResource.class, restrictToAnnotatedClass = true)
class StreamResumeTest extends StreamResumeContract {
}
