package io.conclave.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.conclave.model.Described;

/**
 * Every class a rule of the shipped policy matches says what it is in stable words ({@link Described}),
 * so the ledger's {@code matched_facts} never hold an identity hash ({@code io.conclave.model.Roster@69ee0861})
 * that a replay would change. The classes are found in the rules themselves: each pattern of a rule's
 * conditions ({@code $r : Roster()}, {@code Announcement.Offer() from ...}) resolved against the file's imports.
 */
public class LedgerDescriptionTest {
    private static final Pattern RULE_LHS = Pattern.compile("(?ms)^\\s*when\\b(.*?)^\\s*then\\b"); // on lines of their own, not in words
    private static final Pattern TYPE_CALL = Pattern.compile("(?<![\\w.])([A-Z]\\w*(?:\\.[A-Z]\\w*)*)\\s*\\(");
    private static final Pattern IMPORT = Pattern.compile("(?m)^import\\s+(?!function\\b)([\\w.]+?)(\\.\\*)?\\s*;");

    @Test
    void everyClassARuleMatchesDescribesItself() throws IOException {
        TreeSet<String> matched = new TreeSet<>();
        TreeSet<String> undescribed = new TreeSet<>();
        for (Path file : drlFiles()) {
            String text = Files.readString(file);
            List<String> packages = new ArrayList<>();
            List<String> classes = new ArrayList<>();
            Matcher im = IMPORT.matcher(text);
            while (im.find()) {
                (im.group(2) != null ? packages : classes).add(im.group(1));
            }
            Matcher lhs = RULE_LHS.matcher(text);
            while (lhs.find()) {
                Matcher call = TYPE_CALL.matcher(lhs.group(1));
                while (call.find()) {
                    resolve(call.group(1), packages, classes).ifPresent(c -> {
                        matched.add(c.getName());
                        if (!Described.class.isAssignableFrom(c) && !stable(c, new java.util.HashSet<>())) {
                            undescribed.add(c.getName() + " (" + file + ")");
                        }
                    });
                }
            }
        }
        // the scan finds the patterns it should: a few the rules are known to match
        assertTrue(matched.containsAll(List.of("io.conclave.model.Roster", "io.conclave.model.Announcement$Offer",
                "io.conclave.model.Task", "io.conclave.model.meeting.Meeting")), () -> "found only " + matched);
        assertEquals(List.of(), List.copyOf(undescribed), "classes the rules match without a stable description");
    }

    /**
     * True when the {@code toString} of {@code type} is made of ids and values: an enum or a value type, a class that
     * declares its own (read: each names ids and values), or a record whose components all are (a record's
     * generated {@code toString} writes each component's own, never its {@link Described#describe}).
     */
    public static boolean stable(java.lang.reflect.Type type, java.util.Set<java.lang.reflect.Type> seen) {
        if (type instanceof java.lang.reflect.ParameterizedType p) {
            return stable(p.getRawType(), seen) && java.util.Arrays.stream(p.getActualTypeArguments())
                    .allMatch(a -> stable(a, seen));
        }
        if (type instanceof java.lang.reflect.WildcardType || type instanceof java.lang.reflect.TypeVariable<?>) {
            return false;
        }
        if (!(type instanceof Class<?> c) || !seen.add(c)) {
            return true;
        }
        if (c.isPrimitive() || c.isEnum() || c == String.class
                || Number.class.isAssignableFrom(c) || c == Boolean.class || c == Character.class
                || c.getName().startsWith("java.time.") || c == com.fasterxml.jackson.databind.JsonNode.class) {
            return true;
        }
        if (java.util.Collection.class.isAssignableFrom(c) || java.util.Map.class.isAssignableFrom(c)) {
            return c.getName().startsWith("java.util."); // stable when their elements are (checked on the type arguments)
        }
        if (c.isRecord()) {
            if (declaresToString(c)) {
                return true;
            }
            return java.util.Arrays.stream(c.getRecordComponents()).allMatch(rc -> stable(rc.getGenericType(), seen));
        }
        return declaresToString(c);
    }

    private static boolean declaresToString(Class<?> c) {
        try {
            return c.getDeclaredMethod("toString").getDeclaringClass() == c && !c.isRecord()
                    || c.isRecord() && java.util.Arrays.stream(c.getDeclaredMethods())
                            .anyMatch(m -> m.getName().equals("toString") && m.getParameterCount() == 0 && !m.isSynthetic()
                                    && !m.isBridge() && isSourceDeclared(c));
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /** A record's toString is generated unless the record's source declares one. */
    private static boolean isSourceDeclared(Class<?> record) {
        try {
            String src = Files.readString(Path.of("src/main/java", record.getName().replaceAll("\\$.*", "")
                    .replace('.', '/') + ".java"));
            String simple = record.getSimpleName();
            int at = src.indexOf("record " + simple + "(");
            int next = src.indexOf("record ", at + 1);
            String body = next < 0 ? src.substring(at) : src.substring(at, next);
            return body.contains("public String toString()");
        } catch (IOException e) {
            return false;
        }
    }

    private static List<Path> drlFiles() throws IOException {
        try (Stream<Path> s = Files.walk(Path.of("rules"))) {
            return s.filter(p -> p.toString().endsWith(".drl")).sorted().toList();
        }
    }

    /** The model class a name in a rule's conditions stands for, if it is one. */
    private static Optional<Class<?>> resolve(String name, List<String> packages, List<String> classes) {
        String head = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
        String nested = name.contains(".") ? name.substring(name.indexOf('.')).replace('.', '$') : "";
        List<String> candidates = new ArrayList<>();
        classes.stream().filter(c -> c.endsWith("." + head)).forEach(c -> candidates.add(c + nested));
        packages.forEach(p -> candidates.add(p + "." + head + nested));
        for (String c : candidates) {
            if (!c.startsWith("io.conclave.model")) {
                continue;
            }
            try {
                return Optional.of(Class.forName(c, false, LedgerDescriptionTest.class.getClassLoader()));
            } catch (ClassNotFoundException e) {
                // not in this package
            }
        }
        return Optional.empty();
    }
}
