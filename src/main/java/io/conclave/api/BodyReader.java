package io.conclave.api;

import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.function.Predicate;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;

import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveResourceInfo;
import org.jboss.resteasy.reactive.server.spi.ServerMessageBodyReader;
import org.jboss.resteasy.reactive.server.spi.ServerRequestContext;

/**
 * What the API's body readers share ({@link JsonTrees}, {@link TypedBodies}, {@link TextBodies}): readers of Quarkus
 * REST's own kind, which it asks without the resource method's parameter annotations, and whose plain JAX-RS entry
 * points (for a caller that hands them over) answer the same. Each says which types it reads and reads one body,
 * its text checked first ({@link RequestText#read}).
 */
abstract class BodyReader<T> implements ServerMessageBodyReader<T> {
    /** The types this reader reads. */
    private final Predicate<Class<?>> reads;

    BodyReader(Predicate<Class<?>> reads) {
        this.reads = reads;
    }

    /** Whether one of the API's readers reads a body of this type: every endpoint's body must be one of them. */
    static boolean anyReads(Class<?> type) {
        return JsonTrees.TREES.test(type) || TypedBodies.RECORDS.test(type) || TextBodies.TEXT.test(type);
    }

    /** One body of {@code type}, sent as {@code mediaType}. */
    abstract T read(Class<T> type, InputStream body, MediaType mediaType) throws IOException;

    @Override
    public final boolean isReadable(Class<?> type, Type generic, ResteasyReactiveResourceInfo method,
                                    MediaType mediaType) {
        return reads.test(type);
    }

    @Override
    public final boolean isReadable(Class<?> type, Type generic, Annotation[] annotations, MediaType mediaType) {
        return reads.test(type);
    }

    @Override
    public final T readFrom(Class<T> type, Type generic, MediaType mediaType, ServerRequestContext context)
            throws IOException {
        return read(type, context.getInputStream(), mediaType);
    }

    @Override
    public final T readFrom(Class<T> type, Type generic, Annotation[] annotations, MediaType mediaType,
                            MultivaluedMap<String, String> headers, InputStream body) throws IOException {
        return read(type, body, mediaType);
    }
}
