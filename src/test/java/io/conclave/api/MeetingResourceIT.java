package io.conclave.api;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The meeting REST tests against the packaged application. */
@QuarkusIntegrationTest
class MeetingResourceIT extends MeetingResourceTest {
}
