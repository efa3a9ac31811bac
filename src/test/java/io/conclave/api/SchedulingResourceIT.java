package io.conclave.api;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link SchedulingResourceTest} against the packaged application (run by {@code ./mvnw verify}). */
@QuarkusIntegrationTest
class SchedulingResourceIT extends SchedulingResourceTest {
}
