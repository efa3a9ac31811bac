package io.conclave.model;

import com.fasterxml.jackson.databind.JsonMappingException;

/** Turns Jackson's reference chain into a JSON path such as {@code $.tasks[3].priority}. */
public final class JsonPaths {
    private JsonPaths() {
    }

    public static String of(JsonMappingException e) {
        StringBuilder path = new StringBuilder("$");
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append('.').append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
