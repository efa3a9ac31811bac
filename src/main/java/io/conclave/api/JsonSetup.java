package io.conclave.api;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.conclave.model.Json;
import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * Gives the REST layer the one JSON configuration ({@link Json#configure}): the journal's conventions
 * (snake_case, stable order) and strict input (no trailing tokens, no coerced scalars).
 */
@Singleton
public class JsonSetup implements ObjectMapperCustomizer {
    @Override
    public void customize(ObjectMapper mapper) {
        Json.configure(mapper);
    }
}
