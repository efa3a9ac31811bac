package io.conclave.api;

import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The OpenAPI document's checks on the packaged application, where the document is built on its first request
 * rather than during the start ({@code io.quarkus.smallrye.openapi.runtime.LazyOpenApiDocuments}): the document
 * served is still the copy kept in docs/openapi.json, with every property {@link OpenApiTest} asks of it.
 */
@Execution(ExecutionMode.SAME_THREAD)
@QuarkusIntegrationTest
public class OpenApiIT extends OpenApiTest {
}
