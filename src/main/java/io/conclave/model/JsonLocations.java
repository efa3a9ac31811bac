package io.conclave.model;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;


/**
 * Where things are in a JSON text, so a problem reported at a JSON path ({@code $.tasks[3].priority})
 * can also be shown at its line and column, as editors and compilers do. A field is found at its name;
 * an array element at its first character; a path that is not in the text (a missing field) at the
 * nearest enclosing value that is.
 */
public final class JsonLocations {
    /** Line and column, both from 1. */
    public record At(int line, int column) {
        @Override
        public String toString() {
            return line + ":" + column;
        }
    }

    private final Map<String, At> byPointer = new HashMap<>();

    private JsonLocations() {
    }

    /** The locations of a text that parses as JSON (call it only after the text was read once). */
    public static JsonLocations read(String text) throws IOException {
        JsonLocations locations = new JsonLocations();
        locations.byPointer.put("", new At(1, 1));
        try (JsonParser p = Json.MAPPER.getFactory().createParser(text)) {
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                JsonStreamContext context = p.getParsingContext();
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    context = context.getParent(); // the container itself: where it sits in its parent
                }
                if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY || context == null || context.inRoot()) {
                    continue;
                }
                JsonLocation at = p.currentTokenLocation();
                locations.byPointer.putIfAbsent(context.pathAsPointer().toString(),
                        new At(at.getLineNr(), at.getColumnNr()));
            }
        }
        return locations;
    }

    /** The location of a JSON path such as {@code $.agents[1].agent_id}, or of its nearest ancestor in the text. */
    public At at(String jsonPath) {
        String pointer = pointerOf(jsonPath);
        while (true) {
            At at = byPointer.get(pointer);
            if (at != null) {
                return at;
            }
            pointer = pointer.substring(0, Math.max(0, pointer.lastIndexOf('/')));
        }
    }

    /** {@code $.tasks[0].dependencies[1]} as the JSON Pointer {@code /tasks/0/dependencies/1}. */
    static String pointerOf(String jsonPath) {
        String p = jsonPath.startsWith("$") ? jsonPath.substring(1) : jsonPath;
        StringBuilder pointer = new StringBuilder();
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            switch (c) {
                case '.', '[' -> pointer.append('/');
                case ']' -> { }
                case '~' -> pointer.append("~0");
                case '/' -> pointer.append("~1");
                default -> pointer.append(c);
            }
        }
        return pointer.toString();
    }
}
