package io.conclave.model;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads the fields of a JSON request one at a time, collecting every problem with its JSON path
 * instead of stopping at the first; a field with a problem reads as null.
 */
public final class JsonFields {
    private final List<Problem> problems = new ArrayList<>();

    public List<Problem> problems() {
        return problems;
    }

    public void problem(String path, String message) {
        problems.add(new Problem(path, message));
    }

    /** Reports every field of {@code node} that is not among {@code known}. */
    public void unknownFields(JsonNode node, Set<String> known, String at) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!known.contains(name)) {
                problem(at + "." + name, "is not a field here; known fields: " + new TreeSet<>(known));
            }
        }
    }

    /** A string of at most {@code max} characters; blank counts as missing when required. */
    public String text(JsonNode node, String field, String path, boolean required, int max) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                problem(path, "is required");
            }
            return null;
        }
        if (!v.isTextual()) {
            problem(path, "must be a string, not " + v.getNodeType().name().toLowerCase());
            return null;
        }
        if (required && v.asText().isBlank()) {
            problem(path, "must not be blank");
            return null;
        }
        if (v.asText().length() > max) {
            problem(path, "is " + v.asText().length() + " characters long; at most " + max);
            return null;
        }
        return v.asText();
    }

    /** An id safe to use in a file name (see {@link Ids}). */
    public String id(JsonNode node, String field, String path, boolean required) {
        JsonNode v = node.get(field);
        if (v != null && !v.isNull() && !v.isTextual()) {
            problem(path, "must be a string, not " + v.getNodeType().name().toLowerCase());
            return null;
        }
        String value = v == null || v.isNull() ? null : v.asText();
        if (value == null) {
            if (required) {
                problem(path, "is required");
            }
            return null;
        }
        String p = Ids.problem(value);
        if (p != null) {
            problem(path, p);
            return null;
        }
        return value;
    }

    /** A whole number from {@code min} to {@code max}, or {@code absent} when the field is missing or null. */
    public Integer integer(JsonNode node, String field, String path, int min, int max, Integer absent) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return absent;
        }
        // canConvertToLong: a number beyond the long range (2^64 + 1) would otherwise wrap into range
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < min || v.asLong() > max) {
            problem(path, "must be a whole number from " + min + " to " + max + ", not " + v);
            return null;
        }
        return v.asInt();
    }

    /** A number above 0 and at most {@code max}, or null when missing. */
    public Double positive(JsonNode node, String field, String path, double max) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber() || !Double.isFinite(v.asDouble()) || v.asDouble() <= 0 || v.asDouble() > max) {
            problem(path, "must be a number above 0 and at most " + (long) max + ", not " + v);
            return null;
        }
        return v.asDouble();
    }

    /** A boolean, false when missing. */
    public boolean flag(JsonNode node, String field, String path) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            problem(path, "must be true or false, not " + v);
            return false;
        }
        return v.asBoolean();
    }

    /** An array of non-blank strings of at most {@code max} characters each; listing one twice is a problem. */
    public List<String> texts(JsonNode node, String field, String path, boolean required, int max) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                problem(path, "is required");
            }
            return required ? null : List.of();
        }
        if (!v.isArray()) {
            problem(path, "must be an array of strings");
            return null;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            JsonNode item = v.get(i);
            String at = path + "[" + i + "]";
            if (!item.isTextual() || item.asText().isBlank()) {
                problem(at, "must be a non-blank string");
            } else if (item.asText().length() > max) {
                problem(at, "is " + item.asText().length() + " characters long; at most " + max);
            } else if (out.contains(item.asText())) {
                problem(at, "'" + item.asText() + "' is listed twice");
            } else {
                out.add(item.asText());
            }
        }
        return out;
    }
}
