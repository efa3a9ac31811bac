package io.conclave.api;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link ProjectResourceTest} against the packaged application (run by {@code ./mvnw verify}). */
@QuarkusIntegrationTest
class ProjectResourceIT extends ProjectResourceTest {
}
