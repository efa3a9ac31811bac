package io.conclave.api;

import java.io.IOException;
import java.util.List;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A JSON request body must be a JSON value that is not {@code null}: Jackson reads the literal
 * {@code null} (and an empty body) as "no body", which an endpoint would otherwise take for its
 * defaults. Refused with 400 at path {@code $}; an endpoint whose fields are all optional takes {@code {}}.
 */
@Provider
public class JsonBodies implements ReaderInterceptor {
    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        Object body = context.proceed();
        MediaType type = context.getMediaType();
        boolean json = type != null && (type.isCompatible(MediaType.APPLICATION_JSON_TYPE)
                || type.getSubtype().endsWith("+json"));
        if (json && (body == null || body instanceof JsonNode node && (node.isNull() || node.isMissingNode()))) {
            throw ApiException.badRequest("invalid_request", "the request body is empty or JSON null",
                    List.of(ApiError.Detail.at("$", "send a JSON object ({} takes every default)")));
        }
        return body;
    }
}
