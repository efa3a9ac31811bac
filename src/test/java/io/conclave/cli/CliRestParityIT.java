package io.conclave.cli;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same bytes against the packaged application, where the serializers are chosen at build time. */
@QuarkusIntegrationTest
class CliRestParityIT extends CliRestParityTest {
}
