package io.conclave.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Predicate;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;

/**
 * Reads a request body that an endpoint takes as text (a rule file): strict UTF-8 ({@link RequestText#read}, which
 * also refuses a lone surrogate escape when the body says it is JSON), then the characters as sent. The service
 * refuses any other charset before a body is read ({@code api.security.ContentTypes}).
 */
@Provider
public class TextBodies extends BodyReader<String> {
    /** What this reader reads: text. */
    static final Predicate<Class<?>> TEXT = type -> type == String.class;

    public TextBodies() {
        super(TEXT);
    }

    @Override
    String read(Class<String> type, InputStream body, MediaType mediaType) throws IOException {
        return new String(RequestText.read(body, RequestText.json(mediaType)), StandardCharsets.UTF_8);
    }
}
