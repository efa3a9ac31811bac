package io.conclave.api;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link DelegationResourceTest} (delegation, the graph and results) against the packaged application (run by {@code ./mvnw verify}). */
@QuarkusIntegrationTest
class DelegationResourceIT extends DelegationResourceTest {
}
