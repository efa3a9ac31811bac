package io.conclave.api.project;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/** {@link TaskResourceTest} against the packaged application (run by {@code ./mvnw verify}). */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusIntegrationTest
public class TaskResourceIT extends TaskResourceTest {
}
