package io.conclave.api;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link CoordinationScenarioTest} (the coordination scenario) against the packaged application (run by {@code ./mvnw verify}). */
@QuarkusIntegrationTest
class CoordinationScenarioIT extends CoordinationScenarioTest {
}
