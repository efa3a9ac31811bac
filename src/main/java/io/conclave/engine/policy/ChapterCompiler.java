package io.conclave.engine.policy;

import io.conclave.model.policy.RuleFile;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.drools.compiler.compiler.io.memory.MemoryFileSystem;
import org.drools.compiler.kie.builder.impl.MemoryKieModule;
import org.drools.model.codegen.ExecutableModelProject;
import org.drools.modelcompiler.CanonicalKieModule;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import io.conclave.model.policy.PolicyMessage;

/**
 * Compiles one chapter (its files plus the functions of {@code common/}, under the chapter's package)
 * into the Drools executable model: at build time ({@link #compileModel}, whose classes the build
 * writes into the application), and at run time ({@link #compile}, whose classes are checked against
 * the allow-list and then loaded by a class loader of their own).
 */
public final class ChapterCompiler {
    /** The position parser errors carry in their text ("[ERR 101] Line 7:25 ..."). */
    private static final Pattern POSITION = Pattern.compile("\\bLine (\\d+):(\\d+)\\b");
    /** Drools' words for a constraint it cannot type, with the constraint as written. */
    private static final Pattern UNANALYSABLE = Pattern.compile("^Unable to Analyse Expression (.+?):?$", Pattern.MULTILINE);

    /** The DRL parser's (ANTLR 3) recognition errors, which it throws and catches on every syntax error. */
    private static final List<String> PARSER_ERRORS = List.of("RecognitionException", "EarlyExitException",
            "FailedPredicateException", "MismatchedNotSetException", "MismatchedRangeException",
            "MismatchedSetException", "MismatchedTokenException", "MismatchedTreeNodeException",
            "MissingTokenException", "NoViableAltException", "UnwantedTokenException");

    static {
        loadParserErrors();
    }

    private final ClassLoader classLoader;
    private final ClassLoader applicationLoader;
    private final boolean hooks;

    /** A compiler resolving names through {@code classLoader}; compiled chapters' classes see the application's. */
    public ChapterCompiler(ClassLoader classLoader, ClassLoader applicationLoader) {
        this(classLoader, applicationLoader, true);
    }

    /** {@code hooks}: whether the classes compiled at run time get the budget's hooks (false only to measure them). */
    ChapterCompiler(ClassLoader classLoader, ClassLoader applicationLoader, boolean hooks) {
        this.classLoader = classLoader;
        this.applicationLoader = applicationLoader;
        this.hooks = hooks;
    }

    public ChapterCompiler(ClassLoader classLoader) {
        this(classLoader, classLoader);
    }

    /**
     * Loads the parser's error classes, once, before any rule file is parsed. A file nested thousands deep runs the
     * parser out of stack; had the JVM not loaded one of these classes yet, it would load it on that exhausted stack,
     * the load would fail half-way, and the file's error would read "LinkageError: loader constraint violation" where
     * it should say the parser ran out of stack. The JVM's verifier usually loads them while it checks the parser's
     * code, but nothing promises that (a JVM that does not verify, as the test suite's, does not).
     */
    static void loadParserErrors() {
        ClassLoader parser = org.drools.drl.parser.DrlParser.class.getClassLoader();
        for (String name : PARSER_ERRORS) {
            try {
                Class.forName("org.antlr.runtime." + name, false, parser);
            } catch (ClassNotFoundException e) {
                // a parser that is not ANTLR 3's has other errors, and none of these to load
            }
        }
    }

    /** The output of a chapter's compile: the compiled chapter, or the errors that stop it. */
    public record Result(CompiledChapter chapter, List<PolicyMessage> messages) {
        boolean ok() {
            return chapter != null;
        }
    }

    /** The executable model of a chapter: its generated classes and the names of its model classes. */
    public record Model(Map<String, byte[]> classes, List<String> modelClasses, List<PolicyMessage> messages) {
    }

    /**
     * Compiles the chapter at run time, into the executable model as the build does: the classes it
     * generates are checked against the allow-list ({@link PolicyGuard}) before any is loaded, then
     * defined by a class loader of their own. What was checked is what runs.
     */
    public Result compile(String chapter, List<RuleFile> files, List<RuleFile> common, PolicyGuard guard) {
        long start = System.nanoTime();
        Loaded unit = load(chapter, files, common, guard, false);
        if (unit.models() == null) {
            return new Result(null, unit.messages());
        }
        List<org.drools.model.Model> loaded = unit.models();
        int rules = loaded.stream().mapToInt(m -> m.getRules().size()).sum();
        long millis = (System.nanoTime() - start) / 1_000_000;
        return new Result(new CompiledChapter(chapter, Chapters.hash(files), unitHash(chapter, files, common), files,
                List.copyOf(common), CompiledChapter.Origin.RUNTIME, millis, files.stream().map(RuleFile::name).toList(),
                unit.messages(), () -> loaded, rules),
                unit.messages());
    }

    /**
     * Compiles what an edit of the chapter touched ({@link FileUnits}): the plan's unit, checked and loaded as a
     * whole chapter is, then put together with the base's rules. Null when that is not possible (an error of
     * any kind, or a unit whose rules are not the touched files'): the caller compiles the chapter whole, which
     * reports the error as it always has.
     */
    public Result compileTouched(FileUnits.Plan plan, List<RuleFile> files, List<RuleFile> common, PolicyGuard guard) {
        long start = System.nanoTime();
        String chapter = plan.chapter();
        org.drools.model.Model unit = null;
        List<PolicyMessage> warnings = List.of();
        if (plan.compile()) {
            Loaded loaded = load(chapter, plan.unitFiles(), plan.unitCommon(), guard, true);
            if (loaded.models() == null || loaded.models().size() > 1) {
                return null;
            }
            unit = loaded.models().isEmpty() ? null : loaded.models().get(0);
            warnings = loaded.messages();
        }
        java.util.Optional<org.drools.model.Model> composed = FileUnits.compose(plan, unit);
        if (composed.isEmpty()) {
            return null;
        }
        List<org.drools.model.Model> models = List.of(composed.get());
        long millis = (System.nanoTime() - start) / 1_000_000;
        return new Result(new CompiledChapter(chapter, Chapters.hash(files), unitHash(chapter, files, common), files,
                List.copyOf(common), CompiledChapter.Origin.RUNTIME, millis, plan.touched(), warnings, () -> models,
                composed.get().getRules().size()), warnings);
    }

    /** A compile's loaded models, or null with the messages that refuse it. */
    private record Loaded(List<org.drools.model.Model> models, List<PolicyMessage> messages) {
    }

    /**
     * Compiles, checks against the allow-list, bounds (the budget's hooks) and loads one unit. {@code partial}: a
     * unit of an edit's touched files, which may hold no rule (only functions changed).
     */
    private Loaded load(String chapter, List<RuleFile> files, List<RuleFile> common, PolicyGuard guard, boolean partial) {
        Model model = compileModel(chapter, files, common);
        if (partial && model.modelClasses().isEmpty() && model.messages().stream().noneMatch(PolicyMessage::isError)) {
            return new Loaded(List.of(), model.messages());
        }
        if (model.messages().stream().anyMatch(PolicyMessage::isError) || model.modelClasses().isEmpty()) {
            List<PolicyMessage> errors = new ArrayList<>(model.messages());
            if (errors.stream().noneMatch(PolicyMessage::isError)) {
                errors.add(new PolicyMessage("ERROR", chapter + "/", 0, 0, "chapter '" + chapter + "' compiled to no rules"));
            }
            return new Loaded(null, errors);
        }
        // the chapter's own classes only: the project descriptor the model compiler writes beside them is not needed
        String own = Chapters.packageOf(chapter) + ".";
        Map<String, byte[]> classes = new TreeMap<>();
        model.classes().forEach((name, bytes) -> {
            if (name.startsWith(own)) {
                classes.put(name, bytes);
            }
        });
        List<RuleFile> sources = new ArrayList<>(files);
        sources.addAll(common);
        List<PolicyMessage> refused = guard.checkClasses(chapter, classes, sources);
        if (!refused.isEmpty()) {
            return new Loaded(null, refused);
        }
        // checked, then bounded: the hooks go in after the allow-list, which does not admit them in a rule file
        List<String> uninstrumentable = new ArrayList<>();
        Map<String, byte[]> bounded = hooks ? io.conclave.engine.budget.Instrumenter.instrument(classes, uninstrumentable)
                : classes;
        if (!uninstrumentable.isEmpty()) {
            return new Loaded(null, uninstrumentable.stream().map(m -> new PolicyMessage("ERROR", chapter + "/", 0, 0,
                    m)).toList());
        }
        PolicyClassLoader loader = new PolicyClassLoader(applicationLoader, bounded);
        List<org.drools.model.Model> models = new ArrayList<>();
        for (String cls : model.modelClasses()) {
            try {
                models.add((org.drools.model.Model) Class.forName(cls, true, loader).getConstructor().newInstance());
            } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
                return new Loaded(null, List.of(new PolicyMessage("ERROR", chapter + "/", 0, 0,
                        "chapter '" + chapter + "' compiled but does not load: " + e)));
            }
        }
        return new Loaded(List.copyOf(models), model.messages());
    }

    /** Compiles the chapter into the Drools executable model (the build-time path). */
    public Model compileModel(String chapter, List<RuleFile> files, List<RuleFile> common) {
        KieServices ks = KieServices.Factory.get();
        ReleaseId releaseId = ks.newReleaseId("io.conclave.policy", "chapter-" + chapter, "1.0.0");
        KieFileSystem kfs = ks.newKieFileSystem();
        kfs.generateAndWritePomXML(releaseId);
        sources(chapter, files, common).forEach(kfs::write);
        KieBuilder builder;
        try {
            builder = ks.newKieBuilder(kfs, classLoader).buildAll(ExecutableModelProject.class);
        } catch (Throwable e) {
            // whatever the input does to the compiler (a stack overflow, a class file limit, running out of
            // memory, a cancelled compile): a refusal naming the chapter, never a dead caller
            ks.getRepository().removeKieModule(releaseId);
            return new Model(Map.of(), List.of(), List.of(new PolicyMessage("ERROR", blamed(chapter, files), 0, 0,
                    "chapter '" + chapter + "' could not be compiled: " + describe(e))));
        }
        List<PolicyMessage> messages = new ArrayList<>();
        Map<String, String> texts = sources(chapter, files, common);
        for (Message m : builder.getResults().getMessages()) {
            messages.add(message(m.getLevel() == Message.Level.ERROR, m.getPath(), m.getLine(), m.getColumn(),
                    m.getText(), chapter, texts));
        }
        Map<String, byte[]> classes = new TreeMap<>();
        List<String> models = new ArrayList<>();
        if (messages.stream().noneMatch(PolicyMessage::isError)) {
            CanonicalKieModule module = (CanonicalKieModule) builder.getKieModule();
            MemoryFileSystem mfs = ((MemoryKieModule) module.getInternalKieModule()).getMemoryFileSystem();
            mfs.getMap().forEach((path, bytes) -> {
                String name = path.asString();
                if (name.endsWith(".class")) {
                    classes.put(name.substring(0, name.length() - 6).replace('/', '.'), bytes);
                } else if (name.endsWith("/" + CanonicalKieModule.MODEL_FILE_NAME)) {
                    new String(bytes, StandardCharsets.UTF_8).lines().map(String::strip)
                            .filter(l -> !l.isEmpty() && !l.contains(":")).forEach(models::add);
                }
            });
        }
        ks.getRepository().removeKieModule(releaseId);
        return new Model(classes, models, dedupe(messages));
    }

    /** The file a crash of the compiler is blamed on: the chapter's only file, else the chapter. */
    private static String blamed(String chapter, List<RuleFile> files) {
        return files.size() == 1 ? files.get(0).name() : chapter + "/";
    }

    /** A compiler failure in a sentence: the error and its cause (a StackOverflowError has no message). */
    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String what = root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + firstLine(root.getMessage()));
        if (root instanceof StackOverflowError) {
            return what + " (the rules are nested or chained too deeply)";
        }
        if (root instanceof OutOfMemoryError) {
            return what + " (the rules need more memory to compile than the service has)";
        }
        return what;
    }

    private static String firstLine(String text) {
        String line = text.lines().findFirst().orElse("");
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }

    /** The key a compiled chapter is cached under: the chapter, its files and the common functions. */
    static String unitHash(String chapter, List<RuleFile> files, List<RuleFile> common) {
        List<RuleFile> all = new ArrayList<>(files);
        all.addAll(common);
        return Chapters.hash(all);
    }

    /** The chapter's sources by resource path (where its package says they belong), common files included. */
    private static Map<String, String> sources(String chapter, List<RuleFile> files, List<RuleFile> common) {
        String folder = "src/main/resources/" + Chapters.packageOf(chapter).replace('.', '/') + "/";
        Map<String, String> sources = new TreeMap<>();
        for (RuleFile f : files) {
            sources.put(folder + fileOf(f.name()), f.content());
        }
        for (RuleFile c : common) {
            sources.put(folder + Chapters.COMMON + "_" + fileOf(c.name()), Chapters.asPartOf(c, chapter));
        }
        return sources;
    }

    /**
     * A message naming the rule file as users know it ({@code chapter/file.drl}, {@code common/...}), at a line and a
     * column counted from 1 as editors count them (0: not known). Drools counts columns from 0 and knows no line for
     * an expression it cannot analyse; such an expression found once in {@code text}, the file's text, gives both.
     */
    private static PolicyMessage message(boolean error, String path, int line, int column, String text, String chapter,
                                         Map<String, String> sources) {
        if (path != null && path.endsWith(".java")) {
            // an error in the Java the model compiler generated from the rules: the chapter, not a rule file
            return new PolicyMessage(error ? "ERROR" : "WARNING", chapter + "/", 0, 0,
                    "the code generated from the rules does not compile: " + (text == null ? "" : text.strip()));
        }
        String body = text == null ? "" : text.strip();
        Matcher p = POSITION.matcher(body);
        if (line > 0 && p.find() && Integer.parseInt(p.group(1)) == line) {
            column = Integer.parseInt(p.group(2)) + 1;
        } else if (line > 0 && column > 0) {
            column = column + 1;
        } else {
            column = 0;
        }
        Matcher e = UNANALYSABLE.matcher(body);
        if (line <= 0 && e.find()) {
            // found once among the chapter's files (or in the file Drools named): there it is
            String found = null;
            int at = -1;
            for (Map.Entry<String, String> source : sources.entrySet()) {
                // Drools names a file by its resource path, or by its path from the resources folder
                if (path != null && !path.equals(source.getKey()) && !source.getKey().endsWith("/" + path)) {
                    continue;
                }
                int i = source.getValue().indexOf(e.group(1));
                if (i >= 0 && (found != null || source.getValue().indexOf(e.group(1), i + 1) >= 0)) {
                    found = null;
                    at = -1;
                    break;
                }
                if (i >= 0) {
                    found = source.getKey();
                    at = i;
                }
            }
            if (found != null) {
                String source = sources.get(found);
                path = found;
                line = Chapters.lineOf(source, at);
                column = at - source.lastIndexOf('\n', at - 1);
            }
        }
        String file = chapter + "/";
        if (path != null) {
            String base = fileOf(path);
            file = base.startsWith(Chapters.COMMON + "_") ? Chapters.COMMON + "/" + base.substring(Chapters.COMMON.length() + 1)
                    : chapter + "/" + base;
        }
        return new PolicyMessage(error ? "ERROR" : "WARNING", file, line, column, body);
    }

    /**
     * Each message once; and without Drools' "Parser returned a null Package" for a file whose parse errors are
     * listed already (it says only that the file did not parse).
     */
    private static List<PolicyMessage> dedupe(List<PolicyMessage> messages) {
        Set<PolicyMessage> unique = new LinkedHashSet<>(messages);
        Set<String> unparsed = new java.util.HashSet<>();
        unique.stream().filter(m -> m.isError() && m.line() > 0).forEach(m -> unparsed.add(m.file()));
        unique.removeIf(m -> m.line() <= 0 && unparsed.contains(m.file())
                && m.message().startsWith("Parser returned a null Package"));
        return List.copyOf(unique);
    }

    private static String fileOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }
}
