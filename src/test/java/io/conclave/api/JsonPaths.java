package io.conclave.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeDiagnosingMatcher;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;

/**
 * A check of one value in a JSON response body, for REST Assured's {@code body(Matcher...)}:
 * {@code .body(jsonPath("tasks[0].status", equalTo("READY")))} checks what {@code .body("tasks[0].status",
 * equalTo("READY"))} checks, reading the body with Jackson.
 *
 * <p>Why: REST Assured evaluates every path it checks as a Groovy script, compiled for that one check in a class
 * loader of its own (2–9 ms in the test JVM, against tens of microseconds here): with about 2,000 such checks, some
 * 24 s of a verify's CPU (docs/test-suite.md). The paths read here are the plain ones: names separated
 * by dots, {@code [i]} indices (negative from the end), {@code size()} last, a name after a list read from each of
 * its elements, as GPath does ({@code tasks.status}), and the element or elements of a list whose field is a given text
 * ({@code tasks.find { it.task_id == 'a' }.status}, {@code findAll { it.kind == 'ASSIGNED' && it.rule == 'r' }}).
 * Anything else ({@code flatten()}, other closures) stays with REST Assured's own {@code body(path, matcher)}.
 *
 * <p>Values come back as REST Assured gives them with {@link ApiSupport}'s configuration: whole numbers as
 * {@code Integer}, {@code Long} or {@code BigInteger} by size, decimals as {@code Double}, arrays as lists, objects
 * as maps; a path through a missing field or {@code null} reads {@code null}. With the system property
 * {@value #CROSS_CHECK} set to {@code true} (for example in {@code -Dtest.jvm}), every check also asks REST
 * Assured and fails when the two read different values: how the suite's own paths were checked against it.
 */
public final class JsonPaths {
    /** The system property that makes every check compare its value with REST Assured's reading. */
    public static final String CROSS_CHECK = "jsonpaths.cross-check";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** {@code find} or {@code findAll} and its closure: one or more fields each equal to a text, joined by &&. */
    private static final Pattern FIND = Pattern.compile(
            "(find|findAll) \\{ (it\\.\\w+ == '[^'\\\\]*'(?: && it\\.\\w+ == '[^'\\\\]*')*) }");
    private static final Pattern EQUALS = Pattern.compile("it\\.(\\w+) == '([^'\\\\]*)'");
    private static final JsonPathConfig DOUBLES = JsonPathConfig.jsonPathConfig()
            .numberReturnType(JsonPathConfig.NumberReturnType.DOUBLE);

    private JsonPaths() {
    }

    /** A matcher of a response body whose value at {@code path} matches {@code matcher}. */
    public static Matcher<String> jsonPath(String path, Matcher<?> matcher) {
        List<Step> steps = parse(path);
        return new TypeSafeDiagnosingMatcher<>() {
            @Override
            protected boolean matchesSafely(String body, Description mismatch) {
                Object value;
                try {
                    value = read(body, steps);
                } catch (IllegalArgumentException e) {
                    mismatch.appendText("JSON path " + path + " could not be read: " + e.getMessage() + " in ")
                            .appendText(shortened(body));
                    return false;
                }
                if (Boolean.getBoolean(CROSS_CHECK)) {
                    Object theirs = JsonPath.from(body).using(DOUBLES).get(path);
                    if (!Objects.equals(value, theirs)) {
                        throw new AssertionError("JSON path " + path + " read " + value + " here and " + theirs
                                + " by REST Assured in " + body);
                    }
                }
                if (matcher.matches(value)) {
                    return true;
                }
                mismatch.appendText("JSON path " + path + " ");
                matcher.describeMismatch(value, mismatch);
                mismatch.appendText(" in ").appendText(shortened(body));
                return false;
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("JSON path " + path + " ").appendDescriptionOf(matcher);
            }
        };
    }

    /** The value at {@code path} in {@code json}, as {@link #jsonPath} reads it. */
    public static Object read(String json, String path) {
        return read(json, parse(path));
    }

    private static Object read(String json, List<Step> steps) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the body is not JSON (" + e.getOriginalMessage() + ")");
        }
        Object at = root;
        for (Step step : steps) {
            if (at == null || at instanceof JsonNode n && n.isNull()) {
                if (step instanceof Size) {
                    throw new IllegalArgumentException("size() of null");
                }
                return null; // GPath reads a field or an index of nothing as nothing
            }
            try {
                at = step.from(at);
            } catch (NullOnTheWay e) {
                return null;
            }
        }
        return plain(at);
    }

    /** One step of a path: a field, an index, {@code size()} or a {@code find}. */
    private sealed interface Step permits Field, Index, Size, Find {
        Object from(Object value);
    }

    /** A field of an object, or of each element of a list (skipping nulls, as GPath does). */
    private record Field(String name) implements Step {
        @Override
        public Object from(Object value) {
            if (value instanceof JsonNode n && n.isObject()) {
                return n.get(name);
            }
            List<Object> each = elements(value);
            if (each == null) {
                throw new IllegalArgumentException("no field '" + name + "' in " + value);
            }
            List<Object> out = new ArrayList<>(each.size());
            for (Object e : each) {
                if (e != null && !(e instanceof JsonNode n && n.isNull())) {
                    out.add(from(e));
                }
            }
            return out;
        }
    }

    /** An element of a list; negative from the end; past the end reads nothing. */
    private record Index(int index) implements Step {
        @Override
        public Object from(Object value) {
            List<Object> each = elements(value);
            if (each == null) {
                throw new IllegalArgumentException("[" + index + "] of " + value + ", which is not a list");
            }
            int i = index < 0 ? index + each.size() : index;
            if (i < 0) {
                throw new IllegalArgumentException("[" + index + "] of a list of " + each.size());
            }
            return i < each.size() ? each.get(i) : null;
        }
    }

    /**
     * The first element of a list whose fields are the given texts ({@code find}), or all of them ({@code findAll}). A
     * null element on the way reads the whole path as nothing: GPath's closure fails on it, and REST Assured reads
     * that failure as null.
     */
    private record Find(boolean all, Map<String, String> texts) implements Step {
        @Override
        public Object from(Object value) {
            List<Object> each = elements(value);
            if (each == null) {
                throw new IllegalArgumentException((all ? "findAll" : "find") + " in " + value + ", which is not a list");
            }
            List<Object> found = new ArrayList<>();
            for (Object e : each) {
                if (e == null || e instanceof JsonNode n && n.isNull()) {
                    throw new NullOnTheWay();
                }
                if (texts.entrySet().stream().allMatch(t -> e instanceof JsonNode n && n.isObject()
                        && n.get(t.getKey()) != null && n.get(t.getKey()).isTextual()
                        && n.get(t.getKey()).asText().equals(t.getValue()))) {
                    if (!all) {
                        return e;
                    }
                    found.add(e);
                }
            }
            return all ? found : null;
        }
    }

    /** A closure of the path met a null element: the path reads nothing. */
    private static final class NullOnTheWay extends RuntimeException {
        NullOnTheWay() {
            super(null, null, false, false);
        }
    }

    /** The number of elements of a list or fields of an object, or the length of a text. */
    private record Size() implements Step {
        @Override
        public Object from(Object value) {
            if (value instanceof JsonNode n && n.isTextual()) {
                return n.asText().length();
            }
            if (value instanceof JsonNode n && n.isContainerNode()) {
                return n.size();
            }
            if (value instanceof List<?> l) {
                return l.size();
            }
            throw new IllegalArgumentException("size() of " + value);
        }
    }

    /** The elements of a JSON array or of a list a step made, or null for anything else. */
    private static List<Object> elements(Object value) {
        if (value instanceof JsonNode n && n.isArray()) {
            List<Object> out = new ArrayList<>(n.size());
            n.forEach(out::add);
            return out;
        }
        if (value instanceof List<?> l) {
            return new ArrayList<>(l);
        }
        return null;
    }

    /** Parses a plain path; anything else is refused (it belongs to REST Assured's own path checks). */
    static List<Step> parse(String path) {
        List<Step> steps = new ArrayList<>();
        if (path.isEmpty() || path.equals("$")) {
            return steps;
        }
        int i = 0;
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c == '[') {
                int close = path.indexOf(']', i);
                if (close < 0) {
                    throw refused(path);
                }
                try {
                    steps.add(new Index(Integer.parseInt(path.substring(i + 1, close))));
                } catch (NumberFormatException e) {
                    throw refused(path);
                }
                i = close + 1;
                continue;
            }
            if (!steps.isEmpty()) {
                if (c != '.') {
                    throw refused(path);
                }
                i++;
            }
            java.util.regex.Matcher find = FIND.matcher(path).region(i, path.length());
            if (find.lookingAt()) {
                Map<String, String> texts = new LinkedHashMap<>();
                java.util.regex.Matcher equals = EQUALS.matcher(find.group(2));
                while (equals.find()) {
                    texts.put(equals.group(1), equals.group(2));
                }
                steps.add(new Find(find.group(1).equals("findAll"), texts));
                i = find.end();
                continue;
            }
            int start = i;
            while (i < path.length() && (Character.isLetterOrDigit(path.charAt(i)) || path.charAt(i) == '_')) {
                i++;
            }
            String name = path.substring(start, i);
            if (name.isEmpty() || Character.isDigit(name.charAt(0))) {
                throw refused(path);
            }
            if (path.startsWith("()", i)) {
                if (!name.equals("size") || i + 2 != path.length()) {
                    throw refused(path);
                }
                steps.add(new Size());
                i += 2;
            } else {
                steps.add(new Field(name));
            }
        }
        return steps;
    }

    private static IllegalArgumentException refused(String path) {
        return new IllegalArgumentException("'" + path + "' is not a plain JSON path (names, [i], size(), "
                + "find { it.name == 'text' && ... }): check it with REST Assured's body(path, matcher)");
    }

    /** A value as REST Assured gives it: numbers by size, decimals as doubles, lists and maps. */
    private static Object plain(Object value) {
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(e -> out.add(plain(e)));
            return out;
        }
        if (!(value instanceof JsonNode n) || n.isNull() || n.isMissingNode()) {
            return value instanceof JsonNode ? null : value;
        }
        if (n.isTextual()) {
            return n.asText();
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isIntegralNumber()) {
            return n.numberValue();
        }
        if (n.isNumber()) {
            return n.doubleValue();
        }
        if (n.isArray()) {
            List<Object> out = new ArrayList<>(n.size());
            n.forEach(e -> out.add(plain(e)));
            return out;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        n.properties().forEach(e -> out.put(e.getKey(), plain(e.getValue())));
        return out;
    }

    private static String shortened(String body) {
        return body.length() <= 2_000 ? body : body.substring(0, 2_000) + "... (" + body.length() + " characters)";
    }
}
