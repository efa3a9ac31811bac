package io.conclave.api;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link TaskResourceTest} against the packaged application (run by {@code ./mvnw verify}). */
@QuarkusIntegrationTest
class TaskResourceIT extends TaskResourceTest {
}
