package io.conclave.engine;

import io.conclave.journal.RuleFile;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
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
import org.kie.api.definition.KiePackage;
import org.kie.api.io.ResourceType;
import org.kie.internal.builder.CompositeKnowledgeBuilder;
import org.kie.internal.builder.KnowledgeBuilder;
import org.kie.internal.builder.KnowledgeBuilderFactory;
import org.kie.internal.builder.KnowledgeBuilderResult;
import org.kie.internal.builder.ResultSeverity;
import org.kie.internal.io.ResourceFactory;

/**
 * Compiles one chapter (its files plus the functions of {@code common/}, under the chapter's package).
 * At run time into DRL packages ({@link #compile}); at build time into the executable model
 * ({@link #compileModel}), whose classes the build writes into the application.
 */
public final class ChapterCompiler {
    /** The position parser errors carry in their text ("[ERR 101] Line 7:25 ..."). */
    private static final Pattern POSITION = Pattern.compile("\\bLine (\\d+):(\\d+)\\b");

    private final ClassLoader classLoader;

    public ChapterCompiler(ClassLoader classLoader) {
        this.classLoader = classLoader;
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

    /** Compiles the chapter's DRL at run time. */
    public Result compile(String chapter, List<RuleFile> files, List<RuleFile> common) {
        long start = System.nanoTime();
        Map<String, String> sources = sources(chapter, files, common);
        List<PolicyMessage> messages = new ArrayList<>();
        KnowledgeBuilder builder;
        try {
            builder = KnowledgeBuilderFactory.newKnowledgeBuilder(
                    KnowledgeBuilderFactory.newKnowledgeBuilderConfiguration(null, classLoader));
            CompositeKnowledgeBuilder batch = builder.batch();
            sources.forEach((path, text) -> batch.add(ResourceFactory.newByteArrayResource(
                    text.getBytes(StandardCharsets.UTF_8)).setSourcePath(path), ResourceType.DRL));
            batch.build();
        } catch (RuntimeException | StackOverflowError | LinkageError e) {
            messages.add(new PolicyMessage("ERROR", chapter + "/", 0, 0, "chapter '" + chapter
                    + "' could not be compiled: " + e));
            return new Result(null, messages);
        }
        for (KnowledgeBuilderResult r : builder.getResults(ResultSeverity.ERROR, ResultSeverity.WARNING)) {
            int line = r.getLines() != null && r.getLines().length > 0 ? r.getLines()[0] : 0;
            String path = r.getResource() == null ? null : r.getResource().getSourcePath();
            messages.add(message(r.getSeverity() == ResultSeverity.ERROR, path, line, 0, r.getMessage(), chapter));
        }
        if (messages.stream().anyMatch(PolicyMessage::isError)) {
            return new Result(null, dedupe(messages));
        }
        Collection<KiePackage> packages = builder.getKnowledgePackages().stream()
                .filter(p -> p.getName().equals(Chapters.packageOf(chapter))).toList();
        long millis = (System.nanoTime() - start) / 1_000_000;
        List<PolicyMessage> warnings = dedupe(messages);
        return new Result(new CompiledChapter(chapter, Chapters.hash(files), unitHash(chapter, files, common), files,
                CompiledChapter.Origin.RUNTIME, millis, warnings, null, packages,
                packages.stream().mapToInt(p -> p.getRules().size()).sum()), warnings);
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
        } catch (RuntimeException | AssertionError | StackOverflowError e) {
            ks.getRepository().removeKieModule(releaseId);
            return new Model(Map.of(), List.of(), List.of(new PolicyMessage("ERROR", chapter + "/", 0, 0,
                    "the executable model could not be generated: " + (e.getCause() != null ? e.getCause() : e))));
        }
        List<PolicyMessage> messages = new ArrayList<>();
        for (Message m : builder.getResults().getMessages()) {
            messages.add(message(m.getLevel() == Message.Level.ERROR, m.getPath(), m.getLine(), m.getColumn(),
                    m.getText(), chapter));
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

    /** A message naming the rule file as users know it ({@code chapter/file.drl}, {@code common/...}). */
    private static PolicyMessage message(boolean error, String path, int line, int column, String text, String chapter) {
        String file = chapter + "/";
        if (path != null) {
            String base = fileOf(path);
            file = base.startsWith(Chapters.COMMON + "_") ? Chapters.COMMON + "/" + base.substring(Chapters.COMMON.length() + 1)
                    : chapter + "/" + base;
        }
        String body = text == null ? "" : text.strip();
        if (column == 0) {
            Matcher p = POSITION.matcher(body);
            if (p.find() && Integer.parseInt(p.group(1)) == line) {
                column = Integer.parseInt(p.group(2));
            }
        }
        return new PolicyMessage(error ? "ERROR" : "WARNING", file, line, column, body);
    }

    private static List<PolicyMessage> dedupe(List<PolicyMessage> messages) {
        Set<PolicyMessage> unique = new LinkedHashSet<>(messages);
        return List.copyOf(unique);
    }

    private static String fileOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }
}
