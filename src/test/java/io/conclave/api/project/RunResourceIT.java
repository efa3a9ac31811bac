package io.conclave.api.project;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/** The asynchronous runs, checkpoints, restore and interrupts against the packaged application. */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusIntegrationTest
public class RunResourceIT extends RunResourceTest {
}
