package io.conclave.api;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link RunAndReportTest} against the packaged application (run by {@code ./mvnw verify}). */
@QuarkusIntegrationTest
class RunAndReportIT extends RunAndReportTest {
}
