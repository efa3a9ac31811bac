package io.conclave.api;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link ConflictResourceTest} (goal conflicts and the conflict listing) against the packaged application (run by {@code ./mvnw verify}). */
@QuarkusIntegrationTest
class ConflictResourceIT extends ConflictResourceTest {
}
