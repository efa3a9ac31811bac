package io.conclave.engine.policy;

import io.conclave.model.policy.Recent;
import io.conclave.model.policy.RuleFile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import io.conclave.model.policy.PolicyMessage;

/**
 * Keeps a policy to {@link PolicyAllowList}, in two passes.
 * <ol>
 * <li>{@link #checkSource}, before compiling: every class a rule file names (imports, fully qualified
 * names anywhere, simple names resolved as the compiler would: explicit imports, wildcard imports,
 * {@code java.lang}) must be allowed, and no reflective member name may appear. It answers with the
 * file, the line and the name, and keeps a hostile file away from the compiler.</li>
 * <li>{@link BytecodeCheck}, after compiling: every class the compiler generated for a chapter is read
 * before it is loaded, and every method, field, type and lambda it refers to must be allowed. This is
 * the sound pass: it sees what will run, however the source spelled it.</li>
 * </ol>
 */
public final class PolicyGuard {
    /*
     * What each name resolved to, per class loader, shared by every guard of that loader: its classes do not change
     * while it runs (CompilerClassLoader remembers its lookups the same way). A name that resolves to nothing is
     * looked for in every jar of the class path, and a policy names hundreds; a compiler created later (for a test,
     * a build, a local run) does not ask again. Kept as long as the JVM runs (the classes it holds would keep a weak
     * key alive): a service has one such loader; a test JVM one per test application, which CompilerClassLoader's
     * caches keep as well.
     */
    private static final Map<ClassLoader, Map<String, Optional<Class<?>>>> RESOLVED = new ConcurrentHashMap<>();

    private final ClassLoader classLoader;
    private final Map<String, Optional<Class<?>>> resolved;
    /** The findings of the files checked last: an edit checks every file of the policy again, most unchanged. */
    private final Recent<RuleFile, List<PolicyMessage>> checked = new Recent<>(512);

    PolicyGuard(ClassLoader classLoader) {
        this.classLoader = classLoader;
        this.resolved = RESOLVED.computeIfAbsent(classLoader, l -> new ConcurrentHashMap<>());
    }

    /** Every use of a class or member outside the allow-list in these files, with file, line and name. */
    List<PolicyMessage> checkSource(List<RuleFile> files) {
        List<PolicyMessage> out = new ArrayList<>();
        for (RuleFile f : files) {
            out.addAll(checkSource(f));
        }
        return out;
    }

    private List<PolicyMessage> checkSource(RuleFile f) {
        return checked.get(f, this::findings);
    }

    private List<PolicyMessage> findings(RuleFile f) {
        Set<PolicyMessage> out = new LinkedHashSet<>();
        List<DrlTokens.Token> tokens = DrlTokens.of(f.content());
        Map<String, String> imported = new HashMap<>();
        List<String> wildcards = new ArrayList<>();
        // imports first: a simple name used before its import line resolves through it too
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).isIdentifier("import") && (i == 0 || !tokens.get(i - 1).is("."))) {
                readImport(f, tokens, i, imported, wildcards, out);
            }
        }
        for (int i = 0; i < tokens.size(); i++) {
            DrlTokens.Token t = tokens.get(i);
            if (t.type() != DrlTokens.Type.IDENTIFIER) {
                continue;
            }
            if (t.text().indexOf('\\') >= 0) {
                out.add(refused(f, t.line(), t.text(), "a unicode escape outside a text hides a name from this check"));
                continue;
            }
            boolean member = i > 0 && tokens.get(i - 1).is(".");
            if (member) {
                if (PolicyAllowList.DENIED_NAMES.contains(t.text())) {
                    out.add(refused(f, t.line(), t.text(), "it reaches reflection, class loading, processes or the "
                            + "rule engine's runtime"));
                }
                continue;
            }
            if (i > 0 && (tokens.get(i - 1).isIdentifier("import") || tokens.get(i - 1).isIdentifier("package"))) {
                continue;
            }
            List<String> chain = chainAt(tokens, i);
            resolveChain(chain, imported, wildcards).ifPresent(c -> {
                if (!PolicyAllowList.allowsType(c.getName())) {
                    out.add(refused(f, t.line(), c.getName(), PolicyAllowList.summary()));
                }
            });
        }
        return List.copyOf(out);
    }

    private void readImport(RuleFile f, List<DrlTokens.Token> tokens, int at, Map<String, String> imported,
                            List<String> wildcards, Set<PolicyMessage> out) {
        int i = at + 1;
        boolean member = false;
        while (i < tokens.size() && (tokens.get(i).isIdentifier("static") || tokens.get(i).isIdentifier("function")
                || tokens.get(i).isIdentifier("accumulate"))) {
            member |= !tokens.get(i).isIdentifier("accumulate");
            i++;
        }
        List<String> chain = chainAt(tokens, i);
        int end = i + Math.max(0, chain.size() * 2 - 1);
        boolean wildcard = end + 1 < tokens.size() && tokens.get(end).is(".") && tokens.get(end + 1).is("*");
        int line = tokens.get(at).line();
        String name = String.join(".", chain);
        if (chain.isEmpty()) {
            return;
        }
        if (wildcard && !member) {
            if (!PolicyAllowList.allowsPackage(name) && resolve(name).isEmpty()) {
                out.add(refused(f, line, name + ".*", PolicyAllowList.summary()));
            } else if (resolve(name).isPresent() && !PolicyAllowList.allowsType(name)) {
                out.add(refused(f, line, name, PolicyAllowList.summary()));
            } else {
                wildcards.add(name);
            }
            return;
        }
        // import static a.b.C.m / import function a.b.C.m: the class is all but the last segment
        List<String> classPart = member && !wildcard ? chain.subList(0, chain.size() - 1) : chain;
        Optional<Class<?>> c = resolveQualified(classPart);
        if (c.isEmpty()) {
            if (!PolicyAllowList.allowsType(String.join(".", classPart))) {
                out.add(refused(f, line, String.join(".", classPart), PolicyAllowList.summary()));
            }
            return; // an unknown class: the compiler says so
        }
        if (!PolicyAllowList.allowsType(c.get().getName())) {
            out.add(refused(f, line, c.get().getName(), PolicyAllowList.summary()));
        } else if (member && !wildcard && PolicyAllowList.DENIED_NAMES.contains(chain.get(chain.size() - 1))) {
            out.add(refused(f, line, name, "it reaches reflection, class loading, processes or the rule engine's runtime"));
        } else if (!member) {
            imported.put(chain.get(chain.size() - 1), c.get().getName());
        }
    }

    /** The identifiers of the dotted name starting at {@code i} ({@code a . b . c}). */
    private static List<String> chainAt(List<DrlTokens.Token> tokens, int i) {
        List<String> chain = new ArrayList<>();
        int k = i;
        while (k < tokens.size() && tokens.get(k).type() == DrlTokens.Type.IDENTIFIER) {
            chain.add(tokens.get(k).text());
            if (k + 2 < tokens.size() && tokens.get(k + 1).is(".") && tokens.get(k + 2).type() == DrlTokens.Type.IDENTIFIER) {
                k += 2;
            } else {
                break;
            }
        }
        return chain;
    }

    /**
     * The class a dotted name starts with, if it names one: a qualified name ({@code java.lang.Runtime.x}),
     * or a simple name ({@code Runtime}) through the imports and {@code java.lang}; nested classes follow
     * ({@code Map.Entry}). Empty for variables, members and unknown names.
     */
    private Optional<Class<?>> resolveChain(List<String> chain, Map<String, String> imported, List<String> wildcards) {
        String first = chain.get(0);
        Optional<Class<?>> found = Optional.empty();
        if (first.startsWith("$")) {
            return found;
        }
        if (chain.size() >= 2 && Character.isLowerCase(first.charAt(0))) {
            found = resolveQualified(chain);
        }
        if (found.isEmpty() && Character.isUpperCase(first.charAt(0))) {
            String name = imported.get(first);
            found = name != null ? resolve(name) : Optional.empty();
            for (int w = 0; found.isEmpty() && w < wildcards.size(); w++) {
                found = resolve(wildcards.get(w) + "." + first).or(() -> Optional.empty());
            }
            if (found.isEmpty()) {
                found = resolve("java.lang." + first);
            }
            if (found.isPresent()) {
                found = nested(found.get(), chain, 1);
            }
        }
        return found;
    }

    /** The longest prefix of the chain that is a class, with nested classes after it. */
    private Optional<Class<?>> resolveQualified(List<String> chain) {
        StringBuilder name = new StringBuilder(chain.get(0));
        for (int k = 1; k < chain.size(); k++) {
            name.append('.').append(chain.get(k));
            if (Character.isUpperCase(chain.get(k).charAt(0)) || k == chain.size() - 1) {
                Optional<Class<?>> c = resolve(name.toString());
                if (c.isPresent()) {
                    return nested(c.get(), chain, k + 1);
                }
            }
        }
        return Optional.empty();
    }

    private Optional<Class<?>> nested(Class<?> outer, List<String> chain, int from) {
        Class<?> c = outer;
        for (int k = from; k < chain.size() && Character.isUpperCase(chain.get(k).charAt(0)); k++) {
            Optional<Class<?>> inner = resolve(c.getName() + "$" + chain.get(k));
            if (inner.isEmpty()) {
                break;
            }
            c = inner.get();
        }
        return Optional.of(c);
    }

    /** The class of that binary name, without initialising it; empty when there is none. */
    Optional<Class<?>> resolve(String name) {
        return resolved.computeIfAbsent(name, n -> {
            try {
                return Optional.of(Class.forName(n, false, classLoader));
            } catch (ClassNotFoundException | LinkageError | IllegalArgumentException e) {
                return Optional.empty();
            }
        });
    }

    private static PolicyMessage refused(RuleFile f, int line, String name, String why) {
        return new PolicyMessage("ERROR", f.name(), line, 0, "'" + name + "' may not be used in a policy: " + why);
    }

    /** Where in the sources a name appears first (file and line), for a finding of the compiled classes. */
    static PolicyMessage located(List<RuleFile> sources, String chapter, List<String> names, String message) {
        for (String name : names) {
            for (RuleFile f : sources) {
                List<DrlTokens.Token> tokens = DrlTokens.of(f.content());
                for (DrlTokens.Token t : tokens) {
                    if (t.type() == DrlTokens.Type.IDENTIFIER && t.text().equals(name)) {
                        return new PolicyMessage("ERROR", f.name(), t.line(), 0, message);
                    }
                }
            }
        }
        return new PolicyMessage("ERROR", chapter + "/", 0, 0, message);
    }

    /** The findings of a chapter's compiled classes, one message per refused use (first place it occurs). */
    List<PolicyMessage> checkClasses(String chapter, Map<String, byte[]> classes, List<RuleFile> sources) {
        return checkClasses(chapter, classes, sources, false);
    }

    /**
     * The same, for classes that may already hold the budget's hooks ({@code instrumented}: classes a build wrote,
     * checked again when the build keeps them); classes fresh from the compiler may not call the budget.
     */
    List<PolicyMessage> checkClasses(String chapter, Map<String, byte[]> classes, List<RuleFile> sources,
                                     boolean instrumented) {
        Map<String, List<String>> findings = new LinkedHashMap<>();
        new BytecodeCheck(this, classes, instrumented).run((what, names) -> findings.putIfAbsent(what, names));
        List<PolicyMessage> out = new ArrayList<>();
        findings.forEach((what, names) -> out.add(located(sources, chapter, names,
                "'" + what + "' may not be used in a policy (found in the compiled rules): " + PolicyAllowList.summary())));
        return out;
    }
}
