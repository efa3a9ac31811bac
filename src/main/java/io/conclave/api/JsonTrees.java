package io.conclave.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.function.Predicate;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/**
 * Reads a JSON request body that an endpoint takes as a tree ({@code JsonNode}): strict UTF-8 text first
 * ({@link RequestText#read}), then parsed by the service's one JSON mapper (Quarkus REST's, as {@link JsonSetup}
 * configures it: no key twice in an object, no trailing tokens), as Quarkus REST's own reader would. The body must be
 * a JSON value that is not {@code null}: Jackson reads the literal {@code null}, an empty body and one of blanks
 * only as "no body", which an endpoint would otherwise take for its defaults; refused with 400 {@code
 * invalid_request} at {@code $} (an endpoint whose fields are all optional takes {@code {}}). A body that is not JSON
 * is the mapper's to refuse ({@link ErrorMappers#json}: 400 {@code malformed_json} with its line and column).
 */
@Provider
@Consumes({MediaType.APPLICATION_JSON, "application/*+json"})
public class JsonTrees extends BodyReader<JsonNode> {
    /** What this reader reads: a JSON tree. */
    static final Predicate<Class<?>> TREES = type -> type == JsonNode.class;
    private final ObjectReader trees;

    public JsonTrees(ObjectMapper mapper) {
        super(TREES);
        this.trees = mapper.readerFor(JsonNode.class);
    }

    @Override
    JsonNode read(Class<JsonNode> type, InputStream body, MediaType mediaType) throws IOException {
        byte[] bytes = RequestText.read(body, true);
        JsonNode tree = null;
        if (bytes.length > 0) {
            try {
                tree = trees.readValue(bytes);
            } catch (MismatchedInputException e) {
                if (!String.valueOf(e.getOriginalMessage()).startsWith("No content")) {
                    throw e;
                }
            }
        }
        if (tree == null || tree.isNull() || tree.isMissingNode()) {
            throw ApiException.badRequest("invalid_request", "the request body is empty or JSON null",
                    List.of(ApiError.Detail.at("$", "send a JSON object ({} takes every default)")));
        }
        return tree;
    }
}
