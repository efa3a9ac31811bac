package io.conclave.api;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link ConsensusResourceTest} (consensus) against the packaged application (run by {@code ./mvnw verify}). */
@QuarkusIntegrationTest
class ConsensusResourceIT extends ConsensusResourceTest {
}
