package io.conclave.api.conversation;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/** The conversation REST tests against the packaged application. */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusIntegrationTest
public class ConversationResourceIT extends ConversationResourceTest {
}
