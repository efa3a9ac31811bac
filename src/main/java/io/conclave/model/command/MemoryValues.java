package io.conclave.model.command;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import io.conclave.model.Json;
import io.conclave.model.Problem;

/** What memory commands share: their JSON values as text, and the bounds on them. */
final class MemoryValues {
    /** The longest value a memory command carries, as JSON text. */
    static final int MAX_CHARS = 65_536;

    private MemoryValues() {
    }

    /** The value as compact JSON text. */
    static String text(JsonNode value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A problem at {@code path} when the value is missing (if required) or longer than {@link #MAX_CHARS}. */
    static void check(JsonNode value, String path, boolean required, String shape, List<Problem> problems) {
        if (value == null || value.isNull()) {
            if (required) {
                problems.add(new Problem(path, "is required"));
            }
            return;
        }
        if ("object".equals(shape) && !value.isObject()) {
            problems.add(new Problem(path, "must be a JSON object"));
        } else if ("array".equals(shape) && !value.isArray()) {
            problems.add(new Problem(path, "must be a JSON array"));
        } else if (text(value).length() > MAX_CHARS) {
            problems.add(new Problem(path, "is " + MAX_CHARS + " characters of JSON at most"));
        }
    }
}
