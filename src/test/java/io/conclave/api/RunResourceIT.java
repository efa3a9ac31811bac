package io.conclave.api;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The asynchronous runs, checkpoints, restore and interrupts against the packaged application. */
@QuarkusIntegrationTest
class RunResourceIT extends RunResourceTest {
}
