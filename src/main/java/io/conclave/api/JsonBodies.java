package io.conclave.api;

import java.io.IOException;
import java.util.List;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Every request body is read here first. It must be strict UTF-8 text ({@link RequestText}: no byte-order mark,
 * no sequence a lenient decoder would change, no lone surrogate in JSON), refused with 400 {@code malformed_text}
 * naming the problem and its position. A JSON body must then be a JSON value that is not {@code null}: Jackson
 * reads the literal {@code null} (and an empty body) as "no body", which an endpoint would otherwise take for its
 * defaults. Refused with 400 at path {@code $}; an endpoint whose fields are all optional takes {@code {}}.
 */
@Provider
public class JsonBodies implements ReaderInterceptor {
    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        MediaType type = context.getMediaType();
        boolean json = type != null && (type.isCompatible(MediaType.APPLICATION_JSON_TYPE)
                || type.getSubtype().endsWith("+json"));
        byte[] bytes = context.getInputStream().readAllBytes();
        String problem = RequestText.problem(bytes, json);
        if (problem != null) {
            throw ApiException.badRequest("malformed_text", "the request body is not UTF-8 text as sent: " + problem,
                    List.of(ApiError.Detail.at("$", problem)));
        }
        context.setInputStream(new java.io.ByteArrayInputStream(bytes));
        Object body = context.proceed();
        if (json && (body == null || body instanceof JsonNode node && (node.isNull() || node.isMissingNode()))) {
            throw ApiException.badRequest("invalid_request", "the request body is empty or JSON null",
                    List.of(ApiError.Detail.at("$", "send a JSON object ({} takes every default)")));
        }
        return body;
    }
}
