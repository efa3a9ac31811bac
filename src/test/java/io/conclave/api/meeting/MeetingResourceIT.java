package io.conclave.api.meeting;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/** The meeting REST tests against the packaged application. */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusIntegrationTest
public class MeetingResourceIT extends MeetingResourceTest {
}
