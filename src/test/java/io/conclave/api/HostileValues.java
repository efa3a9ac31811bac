package io.conclave.api;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Values for a fuzz test, drawn from a seeded {@link Random}: for an OpenAPI schema, a value that is sometimes
 * plausible (the type it asks for, an id that exists) and often hostile (another type, huge, empty, unicode that
 * reads right to left, escapes of NUL and of lone surrogates, path traversal, numbers past every range, nesting
 * deeper than a parser allows, fields nobody declared, required ones missing).
 */
public final class HostileValues {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** Text no endpoint should trust. */
    public static final List<String> TEXTS = List.of("", " ", "../../etc/passwd", "..%2F..%2Fetc", "%2e%2e%2f", "a/b", "a\\b",
            "x".repeat(300), "y".repeat(70_000), "é漢字🙂", "\u202Eevil\u202C", "\u0000", "\ud800", "null", "-1",
            "1e309", "${jndi:ldap://x/a}", "<script>alert(1)</script>", "' OR 1=1 --", "\n\r\t", "~", "CON", ".");
    private static final List<JsonNode> NUMBERS = List.of(F.numberNode(-1), F.numberNode(0), F.numberNode(1),
            F.numberNode(2_147_483_648L), F.numberNode(Long.MIN_VALUE), F.numberNode(1e308), F.numberNode(-1e308),
            F.numberNode(0.5), F.numberNode(new java.math.BigInteger("9".repeat(400))), F.numberNode(new java.math.BigDecimal("1e-400")));

    private final Random random;
    private final JsonNode schemas;
    private final List<String> ids;

    /** {@code schemas}: the document's components/schemas; {@code ids}: ids that exist, mixed in to get past 404s. */
    HostileValues(Random random, JsonNode schemas, List<String> ids) {
        this.random = random;
        this.schemas = schemas;
        this.ids = ids;
    }

    /** A value for a path or query parameter: an id that exists half of the time, hostile text otherwise. */
    String text() {
        return random.nextBoolean() ? pick(ids) : pick(TEXTS);
    }

    /** A request body for {@code schema}: mostly an object of its fields, sometimes anything else. */
    JsonNode body(JsonNode schema) {
        return random.nextInt(10) == 0 ? hostile(0) : value(schema, 0);
    }

    private JsonNode value(JsonNode schema, int depth) {
        JsonNode s = resolve(schema);
        if (depth > 0 && random.nextInt(3) == 0) {
            return hostile(depth);
        }
        if (s.has("enum") && random.nextBoolean()) {
            return s.get("enum").get(random.nextInt(s.get("enum").size()));
        }
        String type = s.has("properties") ? "object" : s.path("type").asText("string");
        return switch (type) {
            case "object" -> object(s, depth);
            case "array" -> {
                ArrayNode a = F.arrayNode();
                for (int i = random.nextInt(4); i > 0 && depth < 4; i--) {
                    a.add(value(s.path("items"), depth + 1));
                }
                yield a;
            }
            case "integer" -> F.numberNode(random.nextInt(12) - 2);
            case "number" -> F.numberNode(random.nextDouble() * 20 - 5);
            case "boolean" -> F.booleanNode(random.nextBoolean());
            default -> F.textNode(random.nextInt(3) == 0 ? pick(TEXTS) : pick(ids));
        };
    }

    private JsonNode object(JsonNode s, int depth) {
        ObjectNode o = F.objectNode();
        if (depth > 4) {
            return o;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = s.path("properties").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            if (random.nextInt(6) != 0) { // some fields, required ones too, left out
                o.set(p.getKey(), value(p.getValue(), depth + 1));
            }
        }
        if (random.nextInt(5) == 0) {
            o.set(random.nextBoolean() ? "zz_unknown" : pick(TEXTS), hostile(depth + 1));
        }
        return o;
    }

    /** A value of any type but the one asked for, or of it at its extremes. */
    JsonNode hostile(int depth) {
        return switch (random.nextInt(8)) {
            case 0 -> F.textNode(pick(TEXTS));
            case 1 -> pick(NUMBERS);
            case 2 -> F.nullNode();
            case 3 -> F.booleanNode(random.nextBoolean());
            case 4 -> nested(random.nextBoolean() ? 50 : 1500);
            case 5 -> {
                ArrayNode a = F.arrayNode();
                for (int i = 0; i < 3000; i++) {
                    a.add(i);
                }
                yield a;
            }
            case 6 -> F.objectNode().put(pick(TEXTS), pick(TEXTS));
            default -> depth < 3 ? F.arrayNode().add(hostile(depth + 1)) : F.textNode(pick(ids));
        };
    }

    private static JsonNode nested(int levels) {
        JsonNode n = F.arrayNode();
        for (int i = 0; i < levels; i++) {
            n = F.arrayNode().add(n);
        }
        return n;
    }

    private JsonNode resolve(JsonNode schema) {
        JsonNode s = schema;
        for (int i = 0; i < 5 && s.has("$ref"); i++) {
            s = schemas.path(s.get("$ref").asText().replace("#/components/schemas/", ""));
        }
        if (s.has("allOf") && s.get("allOf").size() > 0) {
            return resolve(s.get("allOf").get(0));
        }
        if (s.has("oneOf") && s.get("oneOf").size() > 0) {
            return resolve(s.get("oneOf").get(random.nextInt(s.get("oneOf").size())));
        }
        return s;
    }

    <T> T pick(List<T> from) {
        return from.get(random.nextInt(from.size()));
    }
}
