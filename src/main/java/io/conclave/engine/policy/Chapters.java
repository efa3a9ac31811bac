package io.conclave.engine.policy;

import io.conclave.model.policy.Recent;
import io.conclave.model.policy.RuleFile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import io.conclave.model.policy.PolicyMessage;

/**
 * How a policy's files group into chapters, and what a chapter must look like: every file of chapter
 * {@code c} declares {@code package conclave.c;}, a chapter is one the session kinds know, and
 * {@code common/} holds functions only (compiled, under its package, into every chapter that calls them).
 */
public final class Chapters {
    /** The chapter of shared functions (formulas), compiled into the chapters that call them. */
    public static final String COMMON = "common";
    private static final Pattern PACKAGE = Pattern.compile("^(\\s*)package\\s+([\\w.]+)\\s*;?", Pattern.MULTILINE);
    /** A rule, query or type declaration at the start of a line: not allowed in common/. */
    /** A line that belongs to the whole package: its name, an import, a global. */
    private static final Pattern HEADER_LINE = Pattern.compile("^\\s*(package|import|global)\\s");
    private static final Pattern DEFINITION = Pattern.compile("^\\s*(rule|query|declare)\\s", Pattern.MULTILINE);

    private Chapters() {
    }

    /** Every chapter a session kind loads, plus {@code common}: the folders a policy may have. */
    public static Set<String> known() {
        Set<String> names = new LinkedHashSet<>();
        names.add(COMMON);
        Arrays.stream(SessionKind.values()).forEach(k -> names.addAll(k.chapters()));
        return names;
    }

    /** The DRL package every file of a chapter declares. */
    public static String packageOf(String chapter) {
        return "conclave." + chapter;
    }

    /** The chapters of {@code grouped} besides common/, ordered by the length of their text, then by name. */
    static Stream<String> bySize(Map<String, List<RuleFile>> grouped, boolean largestFirst) {
        Comparator<String> order = Comparator.comparingLong((String name) -> grouped.get(name).stream()
                .mapToLong(f -> f.content().length()).sum()).thenComparing(Comparator.naturalOrder());
        return grouped.keySet().stream().filter(name -> !COMMON.equals(name))
                .sorted(largestFirst ? order.reversed() : order);
    }

    /** The files of a chapter-layout policy grouped by chapter (sorted by name), common included. */
    public static Map<String, List<RuleFile>> group(List<RuleFile> files) {
        Map<String, List<RuleFile>> byChapter = new TreeMap<>();
        for (RuleFile f : files) {
            byChapter.computeIfAbsent(f.chapter(), c -> new ArrayList<>()).add(f);
        }
        return byChapter;
    }

    /** What is wrong with the layout of these files: unknown chapters, wrong packages, rules in common. */
    public static List<PolicyMessage> check(List<RuleFile> files) {
        List<PolicyMessage> errors = new ArrayList<>();
        Set<String> known = known();
        for (RuleFile f : files) {
            String chapter = f.chapter();
            if (!known.contains(chapter)) {
                errors.add(new PolicyMessage("ERROR", f.name(), 0, 0, "unknown chapter '" + chapter
                        + "': rule files live in one of " + String.join(", ", known)));
                continue;
            }
            Matcher m = PACKAGE.matcher(f.content());
            String expected = packageOf(chapter);
            if (!m.find()) {
                errors.add(new PolicyMessage("ERROR", f.name(), 1, 0, "a file of chapter '" + chapter
                        + "' must declare 'package " + expected + ";'"));
            } else if (!m.group(2).equals(expected)) {
                int line = lineOf(f.content(), m.start(2));
                errors.add(new PolicyMessage("ERROR", f.name(), line, columnOf(f.content(), m.start(2)),
                        "package '" + m.group(2) + "' does not match the chapter: a file of chapter '" + chapter
                                + "' must declare 'package " + expected + ";'"));
            }
            if (COMMON.equals(chapter)) {
                Matcher d = DEFINITION.matcher(withoutComments(f.content()));
                if (d.find()) {
                    errors.add(new PolicyMessage("ERROR", f.name(), lineOf(f.content(), d.start(1)), 0,
                            "common/ holds functions only (they are compiled into the chapters that call them); move this "
                                    + d.group(1) + " to the chapter it belongs to"));
                }
            }
        }
        return errors;
    }

    /**
     * The files of {@code common/} as a chapter is compiled with them. A file declaring a function the chapter's
     * files call (or one that such a file calls in turn) comes whole; any other only with its package, import and
     * global lines (at their lines), because Drools shares the imports of a package among all its files and a
     * chapter may rely on them. So an edit of the scoring formulas recompiles the chapters that score, not all of
     * them. A common file that no chapter calls comes whole into every chapter, so that it still has to compile.
     * A name that only looks like a call (a method of the same name) costs an unneeded file, never a missing one.
     * Keyed by chapter ({@code common} itself, when among {@code chapters}, is left out).
     */
    public static Map<String, List<RuleFile>> commonOf(Map<String, List<RuleFile>> chapters, List<RuleFile> common) {
        Map<String, List<RuleFile>> out = new TreeMap<>();
        Map<RuleFile, Set<String>> declared = new java.util.LinkedHashMap<>();
        common.forEach(c -> declared.put(c, functionsDeclared(c.content())));
        Map<String, Set<RuleFile>> used = new TreeMap<>();
        Set<RuleFile> calledByAny = new java.util.HashSet<>();
        chapters.forEach((name, files) -> {
            if (!COMMON.equals(name)) {
                used.put(name, called(files, declared));
                calledByAny.addAll(used.get(name));
            }
        });
        used.forEach((name, calls) -> out.put(name, common.stream()
                .map(c -> calls.contains(c) || !calledByAny.contains(c) ? c : headerOf(c)).toList()));
        return out;
    }

    /**
     * The file with every line but its package, import and global lines left blank, up to its last such line: each
     * keeps its line number (a message about an import names the file's line), and what follows the header (the
     * functions, a line added at the end) is not in it, so an edit there does not touch the chapters that call none
     * of the file's functions.
     */
    static RuleFile headerOf(RuleFile file) {
        String[] bare = withoutComments(file.content()).split("\n", -1);
        String[] lines = file.content().split("\n", -1);
        int last = -1;
        for (int i = 0; i < lines.length; i++) {
            if (HEADER_LINE.matcher(bare[i]).find()) {
                last = i;
            }
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i <= last; i++) {
            out.append(HEADER_LINE.matcher(bare[i]).find() ? lines[i] : "").append("\n");
        }
        return new RuleFile(file.name(), out.toString());
    }

    /** The common files whose functions these files call, directly or through other common files. */
    private static Set<RuleFile> called(List<RuleFile> files, Map<RuleFile, Set<String>> declared) {
        Set<String> calls = new java.util.HashSet<>();
        files.forEach(f -> calls.addAll(callsIn(f.content())));
        Set<RuleFile> used = new java.util.LinkedHashSet<>();
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Map.Entry<RuleFile, Set<String>> d : declared.entrySet()) {
                if (!used.contains(d.getKey()) && d.getValue().stream().anyMatch(calls::contains)) {
                    used.add(d.getKey());
                    calls.addAll(callsIn(d.getKey().content()));
                    grew = true;
                }
            }
        }
        return used;
    }

    /** The names declared by {@code function <type> <name>(...)}: the last name before the parenthesis. */
    private static Set<String> functionsDeclared(String text) {
        return DECLARED.get(text, Chapters::declaredIn);
    }

    /** The names each text declares and calls: a compile asks for a file's several times, an edit for every file again. */
    private static final Recent<String, Set<String>> DECLARED = new Recent<>(512);
    private static final Recent<String, Set<String>> CALLS = new Recent<>(512);

    private static Set<String> declaredIn(String text) {
        Set<String> names = new java.util.HashSet<>();
        List<DrlTokens.Token> tokens = DrlTokens.of(text);
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).isIdentifier("function")) {
                String last = null;
                for (int j = i + 1; j < tokens.size() && !tokens.get(j).is("("); j++) {
                    last = tokens.get(j).type() == DrlTokens.Type.IDENTIFIER ? tokens.get(j).text() : last;
                }
                if (last != null) {
                    names.add(last);
                }
            }
        }
        return java.util.Collections.unmodifiableSet(names); // a HashSet's order, the same in every run
    }

    /** Every name followed by an opening parenthesis, outside comments and literals. */
    static Set<String> callsIn(String text) {
        return CALLS.get(text, Chapters::calledIn);
    }

    private static Set<String> calledIn(String text) {
        Set<String> names = new java.util.HashSet<>();
        List<DrlTokens.Token> tokens = DrlTokens.of(text);
        for (int i = 0; i + 1 < tokens.size(); i++) {
            if (tokens.get(i).type() == DrlTokens.Type.IDENTIFIER && tokens.get(i + 1).is("(")) {
                names.add(tokens.get(i).text());
            }
        }
        return java.util.Collections.unmodifiableSet(names); // a HashSet's order, the same in every run
    }

    /** The text of a common file as part of {@code chapter}: its package line names the chapter's package. */
    static String asPartOf(RuleFile common, String chapter) {
        Matcher m = PACKAGE.matcher(common.content());
        return m.find() ? common.content().substring(0, m.start()) + m.group(1) + "package " + packageOf(chapter) + ";"
                + common.content().substring(m.end()) : common.content();
    }

    /** A hash over names and contents: the first 12 hex digits of their {@link RuleFile#digest}. */
    public static String hash(List<RuleFile> files) {
        return RuleFile.digest(files).substring(0, 12);
    }

    static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /** The column of {@code offset} in its line, counted from 1 as editors count. */
    private static int columnOf(String text, int offset) {
        int nl = text.lastIndexOf('\n', offset - 1);
        return offset - nl;
    }

    /** The text with comments blanked (same length and lines), so definitions in comments are not seen. */
    private static String withoutComments(String text) {
        StringBuilder out = new StringBuilder(text);
        int i = 0;
        boolean inString = false;
        while (i < out.length()) {
            char c = out.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i += 2;
                    continue;
                }
                inString = c != '"';
            } else if (c == '"') {
                inString = true;
            } else if (c == '/' && i + 1 < out.length() && out.charAt(i + 1) == '/') {
                while (i < out.length() && out.charAt(i) != '\n') {
                    out.setCharAt(i++, ' ');
                }
                continue;
            } else if (c == '/' && i + 1 < out.length() && out.charAt(i + 1) == '*') {
                while (i < out.length() && !(out.charAt(i) == '*' && i + 1 < out.length() && out.charAt(i + 1) == '/')) {
                    if (out.charAt(i) != '\n') {
                        out.setCharAt(i, ' ');
                    }
                    i++;
                }
                if (i + 1 < out.length()) {
                    out.setCharAt(i, ' ');
                    out.setCharAt(i + 1, ' ');
                }
                i += 2;
                continue;
            }
            i++;
        }
        return out.toString();
    }
}
