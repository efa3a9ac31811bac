package io.conclave.api;

import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;

import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveResourceInfo;
import org.jboss.resteasy.reactive.server.spi.ServerMessageBodyReader;
import org.jboss.resteasy.reactive.server.spi.ServerRequestContext;

import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.app.Checks;

/**
 * Reads a JSON request body into one of Conclave's typed requests (the records of
 * {@code io.conclave.model.command} and the services' request records) with every problem reported at
 * once: unknown fields, values of the wrong type, then the record's constraints ({@link Checks#bind}). A
 * body that is not JSON at all is the JSON mapper's to refuse (400 {@code malformed_json}).
 * <p>
 * A reader of Quarkus REST's own kind ({@link ServerMessageBodyReader}): asked whether it reads a type, it is not
 * handed the resource method's parameter annotations, which Quarkus REST parses again from the class file at every
 * request for a plain JAX-RS reader (it is asked for every JSON body, a {@code JsonNode} too).
 */
@Provider
@Consumes(MediaType.APPLICATION_JSON)
public class TypedBodies implements ServerMessageBodyReader<Object> {
    private final Checks checks;

    public TypedBodies(Checks checks) {
        this.checks = checks;
    }

    @Override
    public boolean isReadable(Class<?> type, Type generic, ResteasyReactiveResourceInfo method, MediaType mediaType) {
        return reads(type);
    }

    @Override
    public boolean isReadable(Class<?> type, Type generic, Annotation[] annotations, MediaType mediaType) {
        return reads(type);
    }

    @Override
    public Object readFrom(Class<Object> type, Type generic, MediaType mediaType, ServerRequestContext context)
            throws IOException {
        return read(type, context.getInputStream());
    }

    /** What a plain JAX-RS caller of a reader hands on: the body, with the annotations. */
    @Override
    public Object readFrom(Class<Object> type, Type generic, Annotation[] annotations, MediaType mediaType,
                           MultivaluedMap<String, String> headers, InputStream body) throws IOException {
        return read(type, body);
    }

    static boolean reads(Class<?> type) {
        return type.isRecord() && type.getName().startsWith("io.conclave.");
    }

    private Object read(Class<Object> type, InputStream body) throws IOException {
        byte[] bytes = RequestText.read(body, true);
        JsonNode tree = bytes.length == 0 ? null : Checks.readTree(bytes);
        return checks.bind(tree, type, "the request body");
    }
}
