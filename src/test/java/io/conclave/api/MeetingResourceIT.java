package io.conclave.api;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/** The meeting REST tests against the packaged application. */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusIntegrationTest
class MeetingResourceIT extends MeetingResourceTest {
}
