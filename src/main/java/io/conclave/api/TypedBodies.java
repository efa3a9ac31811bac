package io.conclave.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Predicate;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;

import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.app.Checks;

/**
 * Reads a JSON request body into one of Conclave's typed requests (the records of
 * {@code io.conclave.model.command} and the services' request records) with every problem reported at
 * once: unknown fields, values of the wrong type, then the record's constraints ({@link Checks#bind}). A
 * body that is not JSON at all is the JSON mapper's to refuse (400 {@code malformed_json}).
 * <p>
 * A reader of Quarkus REST's own kind ({@link BodyReader}): asked whether it reads a type, it is not handed the
 * resource method's parameter annotations, which Quarkus REST parses again from the class file at every request for
 * a plain JAX-RS reader (it is asked for every JSON body, a {@code JsonNode} too).
 */
@Provider
@Consumes(MediaType.APPLICATION_JSON)
public class TypedBodies extends BodyReader<Object> {
    /** What this reader reads: Conclave's request records. */
    static final Predicate<Class<?>> RECORDS = type -> type.isRecord() && type.getName().startsWith("io.conclave.");
    private final Checks checks;

    public TypedBodies(Checks checks) {
        super(RECORDS);
        this.checks = checks;
    }

    @Override
    Object read(Class<Object> type, InputStream body, MediaType mediaType) throws IOException {
        byte[] bytes = RequestText.read(body, true);
        JsonNode tree = bytes.length == 0 ? null : Checks.readTree(bytes);
        return checks.bind(tree, type, "the request body");
    }
}
