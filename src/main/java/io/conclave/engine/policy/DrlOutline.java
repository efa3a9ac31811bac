package io.conclave.engine.policy;

import io.conclave.model.policy.Recent;
import io.conclave.model.policy.RuleFile;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.drools.drl.ast.descr.FunctionDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.drl.parser.DrlParser;

/**
 * What one rule file is made of, as Drools' own parser reads it: its rules (name and text, in order), its
 * functions (name and text), and everything else that belongs to the whole package (package name, imports,
 * globals, package attributes) as one comparable key. This is what {@link FileUnits} compares to decide which
 * files of a chapter an edit touched: a comment or a blank line between rules changes none of the three.
 *
 * <p>A file the parser does not read cleanly, or one using what a file unit cannot keep apart from the rest of
 * its package (type, enum, entry-point and window declarations; rule inheritance), has no outline: its chapter is
 * compiled whole, as before. Queries are outlined like rules; {@link FileUnits} compiles the chapter whole when a
 * rule, function or query calls one (the application's output queries are called by no rule).
 *
 * @param file      the file's name ({@code chapter/file.drl})
 * @param rules     rule name to the rule's text, in the order of the file
 * @param queries   query name to the query's text, in the order of the file
 * @param functions function name to the function's text
 * @param packageKey the package-wide part (package, imports of classes, functions and accumulate functions,
 *                   globals, attributes) as text
 * @param text      the file's text
 * @param spans     where each rule, query and function is in the text, by kind and name ("rule X", "query q",
 *                  "function f"): [from, to)
 */
public record DrlOutline(String file, Map<String, String> rules, Map<String, String> queries, Map<String, String> functions,
                         String packageKey, String text, Map<String, int[]> spans) {

    private static final int CACHED = 512;
    /** Outlines by file name and content: a file is parsed once however often its chapter is compiled. */
    private static final Recent<RuleFile, Optional<DrlOutline>> CACHE = new Recent<>(CACHED);

    static {
        ChapterCompiler.loadParserErrors(); // before the first parse: see there
    }

    /** The file's outline, or empty when the file cannot be split into units (see the type's comment). */
    public static Optional<DrlOutline> of(RuleFile file) {
        return CACHE.get(file, DrlOutline::parse);
    }

    private static Optional<DrlOutline> parse(RuleFile file) {
        String text = file.content();
        PackageDescr pkg;
        DrlParser parser = new DrlParser();
        try {
            pkg = parser.parse(false, text);
        } catch (Exception | StackOverflowError e) {
            return Optional.empty();
        }
        if (pkg == null || parser.hasErrors() || !pkg.getTypeDeclarations().isEmpty() || !pkg.getEnumDeclarations().isEmpty()
                || !pkg.getEntryPointDeclarations().isEmpty() || !pkg.getWindowDeclarations().isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> rules = new LinkedHashMap<>();
        Map<String, String> queries = new LinkedHashMap<>();
        Map<String, int[]> spans = new LinkedHashMap<>();
        for (RuleDescr r : pkg.getRules()) {
            Map<String, String> into = r.isQuery() ? queries : rules;
            if (r.getParentName() != null || rules.containsKey(r.getName()) || queries.containsKey(r.getName())) {
                return Optional.empty();
            }
            Optional<int[]> span = span(text, r.getStartCharacter(), r.getEndCharacter());
            if (span.isEmpty()) {
                return Optional.empty();
            }
            into.put(r.getName(), definition(text, span.get()));
            spans.put((r.isQuery() ? "query " : "rule ") + r.getName(), span.get());
        }
        Map<String, String> functions = new LinkedHashMap<>();
        for (FunctionDescr f : pkg.getFunctions()) {
            Optional<int[]> span = span(text, f.getStartCharacter(), f.getEndCharacter());
            if (span.isEmpty() || functions.containsKey(f.getName())) {
                return Optional.empty();
            }
            functions.put(f.getName(), definition(text, span.get()));
            spans.put("function " + f.getName(), span.get());
        }
        StringBuilder key = new StringBuilder("package ").append(pkg.getName()).append('\n');
        pkg.getImports().forEach(i -> key.append("import ").append(i.getTarget()).append('\n'));
        pkg.getFunctionImports().forEach(i -> key.append("import function ").append(i.getTarget()).append('\n'));
        pkg.getAccumulateImports().forEach(i -> key.append("import accumulate ").append(i.getTarget()).append(' ')
                .append(i.getFunctionName()).append('\n'));
        pkg.getGlobals().forEach(g -> key.append("global ").append(g.getType()).append(' ').append(g.getIdentifier()).append('\n'));
        pkg.getAttributes().forEach(a -> key.append("attribute ").append(a.getName()).append(' ').append(a.getValue()).append('\n'));
        return Optional.of(new DrlOutline(file.name(), Collections.unmodifiableMap(rules), Collections.unmodifiableMap(queries),
                Collections.unmodifiableMap(functions), key.toString(), text, Collections.unmodifiableMap(spans)));
    }

    /**
     * A definition's text, without the white space that may end its span: the parser's span of a file's last
     * definition takes in the line break after it when there is one, so a file that lost or gained its final line
     * break would have that definition changed, and every file that calls it compiled again.
     */
    private static String definition(String text, int[] span) {
        return text.substring(span[0], span[1]).stripTrailing();
    }

    /** The text range [from, to) of a definition the parser placed at {@code start..end}, if it is one. */
    private static Optional<int[]> span(String text, int start, int end) {
        if (start < 0 || end < start || start >= text.length()) {
            return Optional.empty();
        }
        return Optional.of(new int[] {start, Math.min(text.length(), end + 1)});
    }

    /**
     * The file as an edit's unit needs it when none of its rules changed: its package, imports and globals (shared by
     * the whole package), and of its functions those in {@code keep}; every rule, query and other function blanked,
     * line breaks kept, so each line keeps its number (a message names the right line).
     */
    RuleFile bareFile(java.util.Set<String> keep) {
        StringBuilder bare = new StringBuilder(text);
        spans.forEach((what, span) -> {
            if (!what.startsWith("function ") || !keep.contains(what.substring("function ".length()))) {
                for (int i = span[0]; i < span[1]; i++) {
                    if (bare.charAt(i) != '\n') {
                        bare.setCharAt(i, ' ');
                    }
                }
            }
        });
        return new RuleFile(file, bare.toString());
    }

    /** The rules' names, in the order of the file. */
    List<String> ruleNames() {
        return new ArrayList<>(rules.keySet());
    }
}
