package io.conclave.api;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The conversation REST tests against the packaged application. */
@QuarkusIntegrationTest
class ConversationResourceIT extends ConversationResourceTest {
}
