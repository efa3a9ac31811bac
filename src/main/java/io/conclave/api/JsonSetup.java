package io.conclave.api;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.conclave.model.Json;
import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * Gives the REST layer the one JSON configuration ({@link Json#configure}): the journal's conventions
 * (snake_case, stable order) and strict input (no trailing tokens, no coerced scalars, no key twice in an object:
 * which of two values was meant is the client's to say, not the parser's).
 */
@Singleton
public class JsonSetup implements ObjectMapperCustomizer {
    @Override
    public void customize(ObjectMapper mapper) {
        Json.configure(mapper).configure(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION,
                true);
    }
}
