package io.conclave.api;

import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;

import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveResourceInfo;
import org.jboss.resteasy.reactive.server.spi.ServerMessageBodyReader;
import org.jboss.resteasy.reactive.server.spi.ServerRequestContext;

/**
 * Reads a request body that an endpoint takes as text (a rule file): strict UTF-8 ({@link RequestText#read}, which
 * also refuses a lone surrogate escape when the body says it is JSON), then the characters as sent. The service
 * refuses any other charset before a body is read ({@code api.security.ContentTypes}).
 */
@Provider
public class TextBodies implements ServerMessageBodyReader<String> {
    @Override
    public boolean isReadable(Class<?> type, Type generic, ResteasyReactiveResourceInfo method, MediaType mediaType) {
        return type == String.class;
    }

    @Override
    public boolean isReadable(Class<?> type, Type generic, Annotation[] annotations, MediaType mediaType) {
        return type == String.class;
    }

    @Override
    public String readFrom(Class<String> type, Type generic, MediaType mediaType, ServerRequestContext context)
            throws IOException {
        return read(context.getInputStream(), mediaType);
    }

    @Override
    public String readFrom(Class<String> type, Type generic, Annotation[] annotations, MediaType mediaType,
                           MultivaluedMap<String, String> headers, InputStream body) throws IOException {
        return read(body, mediaType);
    }

    private static String read(InputStream body, MediaType mediaType) throws IOException {
        return new String(RequestText.read(body, RequestText.json(mediaType)), StandardCharsets.UTF_8);
    }
}
