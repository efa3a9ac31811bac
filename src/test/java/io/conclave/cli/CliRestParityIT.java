package io.conclave.cli;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/** The same bytes against the packaged application, where the serializers are chosen at build time. */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusIntegrationTest
class CliRestParityIT extends CliRestParityTest {
}
