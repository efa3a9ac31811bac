package io.conclave.app;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;

import io.conclave.model.Json;
import io.conclave.model.Problem;

/**
 * Reads a JSON body into a typed request the way Jackson does, but reports every problem at once rather
 * than the first: fields the type does not have (with the known field it was probably meant to be),
 * values of the wrong type (no coercion: {@code 1} is not a string, {@code "12"} not a number), in nested
 * records and lists too. What binds is then checked field by field ({@link Checks}).
 */
public final class Binding {
    /** Jackson's conventions with nothing coerced: a value of the wrong JSON type is a problem, not a guess. */
    static final ObjectMapper STRICT = strict(Json.configure(new ObjectMapper()));

    private Binding() {
    }

    private static ObjectMapper strict(ObjectMapper m) {
        m.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
                .configure(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION, true)
                .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true)
                .configure(DeserializationFeature.ACCEPT_FLOAT_AS_INT, false)
                .configure(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS, true);
        // a date is "2024-07-21", not a number of days since 1970
        m.configOverride(java.time.LocalDate.class).setFormat(JsonFormat.Value.forLeniency(false));
        for (LogicalType t : new LogicalType[] {LogicalType.Textual, LogicalType.Integer, LogicalType.Float,
                LogicalType.Boolean, LogicalType.Enum}) {
            m.coercionConfigFor(t).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        // what each type accepts as itself
        m.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.String, CoercionAction.TryConvert)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.TryConvert);
        m.coercionConfigFor(LogicalType.Enum).setCoercion(CoercionInputShape.String, CoercionAction.TryConvert);
        m.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Integer, CoercionAction.TryConvert);
        m.coercionConfigFor(LogicalType.Float).setCoercion(CoercionInputShape.Integer, CoercionAction.TryConvert)
                .setCoercion(CoercionInputShape.Float, CoercionAction.TryConvert);
        m.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Boolean, CoercionAction.TryConvert);
        return m;
    }

    /** What binding gave: the value (fields with problems left out) and the problems, unknown fields first. */
    public record Bound<T>(T value, List<Problem> problems) {
    }

    /** Binds {@code tree} to {@code type}, collecting every problem under {@code path}. */
    public static <T> Bound<T> bind(JsonNode tree, Class<T> type, String path) {
        if (tree != null && !tree.isNull()) {
            // Most bodies have nothing wrong: one strict read binds them. Whatever it refuses is looked for field by
            // field below, every problem at once. The two agree on what reads (the same mapper, and our records
            // carry no property-level reading of their own), so the one read takes nothing away.
            try {
                return new Bound<>(reader(STRICT.constructType(type)).readValue(tree), List.of());
            } catch (java.io.IOException | RuntimeException e) {
                // a problem (or something unexpected): the walk names it, or meets it again
            }
        }
        return walk(tree, type, path);
    }

    /** Binds {@code tree} field by field, each problem found where it is; what binds is read at the end. */
    static <T> Bound<T> walk(JsonNode tree, Class<T> type, String path) {
        List<Problem> unknown = new ArrayList<>();
        List<Problem> wrong = new ArrayList<>();
        JsonNode clean = clean(tree, STRICT.constructType(type), path, unknown, wrong);
        T value = null;
        if (clean != null) {
            try {
                value = STRICT.treeToValue(clean, type);
            } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
                wrong.add(new Problem(path, "does not read as " + describe(STRICT.constructType(type)) + ": "
                        + firstLine(e.getMessage())));
            }
        }
        List<Problem> all = new ArrayList<>(unknown);
        all.addAll(wrong);
        return new Bound<>(value, all);
    }

    /**
     * A copy of {@code node} holding only what reads as {@code type}: unknown fields and values of the wrong
     * type are left out and reported. Null when the node itself does not read.
     */
    private static JsonNode clean(JsonNode node, JavaType type, String path, List<Problem> unknown, List<Problem> wrong) {
        if (node == null || node.isNull()) {
            return node;
        }
        Map<String, BeanPropertyDefinition> properties = record(type);
        if (properties != null) {
            if (!node.isObject()) {
                if (readsFromText(type.getRawClass())) {
                    // a record also written as a word (a negotiation's recurrence: "weekly" or an object)
                    return node.isTextual() && reads(node, type) ? node : wrongValue(path, type, wrong);
                }
                wrong.add(new Problem(path, "must be a JSON object, not " + kind(node)));
                return null;
            }
            ObjectNode out = Json.MAPPER.createObjectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                BeanPropertyDefinition p = properties.get(f.getKey());
                String at = path + "." + f.getKey();
                if (p == null) {
                    unknown.add(new Problem(at, unknownField(f.getKey(), properties.keySet())));
                    continue;
                }
                JsonNode v = clean(f.getValue(), p.getPrimaryType(), at, unknown, wrong);
                if (v != null) {
                    out.set(f.getKey(), v);
                }
            }
            return out;
        }
        if (type.isCollectionLikeType() || type.isArrayType()) {
            if (!node.isArray()) {
                wrong.add(new Problem(path, "must be an array, not " + kind(node)));
                return null;
            }
            var out = Json.MAPPER.createArrayNode();
            for (int i = 0; i < node.size(); i++) {
                JsonNode v = clean(node.get(i), type.getContentType(), path + "[" + i + "]", unknown, wrong);
                out.add(v == null ? Json.MAPPER.nullNode() : v);
            }
            return out;
        }
        if (type.isMapLikeType()) {
            if (!node.isObject()) {
                wrong.add(new Problem(path, "must be a JSON object, not " + kind(node)));
                return null;
            }
            ObjectNode out = Json.MAPPER.createObjectNode();
            node.fields().forEachRemaining(f -> {
                JsonNode v = clean(f.getValue(), type.getContentType(), path + "." + f.getKey(), unknown, wrong);
                if (v != null) {
                    out.set(f.getKey(), v);
                }
            });
            return out;
        }
        if (JsonNode.class.isAssignableFrom(type.getRawClass())) {
            return node; // any JSON
        }
        return reads(node, type) ? node : wrongValue(path, type, wrong);
    }

    /**
     * Whether a value reads as {@code type}: read from the node's own tokens, as the one read of a whole body reads
     * it ({@code convertValue} would write the node into a token buffer first).
     */
    private static boolean reads(JsonNode node, JavaType type) {
        try {
            reader(type).readValue(node);
            return true;
        } catch (java.io.IOException | IllegalArgumentException e) {
            return false;
        }
    }

    /** A reader for each type read so far (our records and the types of their fields: a few dozen at most). */
    private static final Map<JavaType, com.fasterxml.jackson.databind.ObjectReader> READERS =
            new java.util.concurrent.ConcurrentHashMap<>();

    private static com.fasterxml.jackson.databind.ObjectReader reader(JavaType type) {
        return READERS.computeIfAbsent(type, STRICT::readerFor);
    }

    private static JsonNode wrongValue(String path, JavaType type, List<Problem> wrong) {
        wrong.add(new Problem(path, "must be " + describe(type)));
        return null;
    }

    /** Whether a record type also reads from a string: it has a delegating creator taking one. */
    private static boolean readsFromText(Class<?> raw) {
        for (java.lang.reflect.Method m : raw.getDeclaredMethods()) {
            JsonCreator c = m.getAnnotation(JsonCreator.class);
            if (c != null && c.mode() == JsonCreator.Mode.DELEGATING && m.getParameterCount() == 1
                    && m.getParameterTypes()[0] == String.class) {
                return true;
            }
        }
        return false;
    }

    /**
     * The properties of each record type read so far, by type: introspecting a record (Jackson's property collector,
     * its constructors' generic signatures and parameter annotations) cost about a tenth of a message's server CPU
     * when it was done for every request; a type's properties never change while the service runs.
     */
    private static final Map<JavaType, Map<String, BeanPropertyDefinition>> RECORDS =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** The properties of a record of ours by JSON name, or null for any other type. */
    private static Map<String, BeanPropertyDefinition> record(JavaType type) {
        Class<?> raw = type.getRawClass();
        if (!raw.isRecord() || !raw.getName().startsWith("io.conclave.")) {
            return null;
        }
        return RECORDS.computeIfAbsent(type, Binding::introspect);
    }

    private static Map<String, BeanPropertyDefinition> introspect(JavaType type) {
        Map<String, BeanPropertyDefinition> out = new LinkedHashMap<>();
        for (BeanPropertyDefinition p : STRICT.getDeserializationConfig().introspect(type).findProperties()) {
            if (p.hasConstructorParameter() || p.hasSetter() || p.hasField()) {
                out.put(p.getName(), p);
            }
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    /** The JSON names of a record's fields in declaration order (to order problems as the fields are read). */
    static List<String> fieldOrder(Class<?> type) {
        Map<String, BeanPropertyDefinition> p = record(STRICT.constructType(type));
        return p == null ? List.of() : List.copyOf(p.keySet());
    }

    /**
     * Where a problem's {@code path} falls when {@code type} is read field by field: the declaration index of each
     * field along the path (in nested records too) and the list indexes as they are; compared element by element.
     */
    static List<Integer> place(Class<?> type, String path) {
        List<Integer> out = new ArrayList<>();
        JavaType t = STRICT.constructType(type);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\.([^.\\[]+)|\\[(\\d+)\\]").matcher(path);
        while (m.find()) {
            if (m.group(2) != null) {
                out.add(Integer.parseInt(m.group(2)));
                t = t != null && t.isContainerType() ? t.getContentType() : null;
                continue;
            }
            Map<String, BeanPropertyDefinition> p = t == null ? null : record(t);
            List<String> names = p == null ? List.of() : List.copyOf(p.keySet());
            int i = names.indexOf(m.group(1));
            out.add(i < 0 ? Integer.MAX_VALUE : i);
            t = i < 0 ? null : p.get(m.group(1)).getPrimaryType();
        }
        return out;
    }

    private static String unknownField(String name, java.util.Set<String> known) {
        String close = known.stream().filter(k -> distance(name, k) <= Math.max(2, k.length() / 3)
                        || k.contains(name) || name.contains(k))
                .min(Comparator.comparingInt(k -> distance(name, k))).orElse(null);
        return "unknown field" + (close != null ? ", did you mean '" + close + "'?" : ".") + " Known fields: "
                + new java.util.TreeSet<>(known);
    }

    /** Levenshtein distance between two names. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static String describe(JavaType t) {
        Class<?> c = t.getRawClass();
        JsonClassDescription described = c.getAnnotation(JsonClassDescription.class);
        if (described != null) {
            return described.value(); // a type that says what it reads from (a time of day: hours or "HH:MM")
        }
        if (c == java.time.LocalDate.class) {
            return "a date such as \"2024-07-21\"";
        }
        if (c == String.class) {
            return "a string";
        }
        if (c == Boolean.class || c == boolean.class) {
            return "true or false";
        }
        if (c == Integer.class || c == int.class || c == Long.class || c == long.class
                || c == java.math.BigInteger.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(c) || c.isPrimitive()) {
            return "a number";
        }
        if (c.isEnum()) {
            List<String> names = new ArrayList<>();
            for (Object o : c.getEnumConstants()) {
                names.add(STRICT.convertValue(o, String.class));
            }
            return "one of " + names;
        }
        if (t.isCollectionLikeType()) {
            return "an array";
        }
        return "a JSON object";
    }

    private static String kind(JsonNode n) {
        return switch (n.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> n.asText();
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            default -> n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
