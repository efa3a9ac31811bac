package io.conclave.api;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.conclave.model.Json;
import io.quarkus.jackson.ObjectMapperCustomizer;

/** Gives the REST layer the same JSON conventions as the journal (snake_case, stable order). */
@Singleton
public class JsonSetup implements ObjectMapperCustomizer {
    @Override
    public void customize(ObjectMapper mapper) {
        Json.configure(mapper);
    }
}
