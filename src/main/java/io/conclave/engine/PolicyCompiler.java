package io.conclave.engine;

import io.conclave.journal.RuleFile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

import org.drools.base.definitions.InternalKnowledgePackage;
import org.drools.base.rule.TypeDeclaration;
import org.drools.kiesession.rulebase.InternalKnowledgeBase;
import org.drools.model.Model;
import org.drools.modelcompiler.KieBaseBuilder;
import org.graalvm.nativeimage.ImageInfo;
import org.kie.api.KieBase;
import org.kie.api.KieBaseConfiguration;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.conf.EventProcessingOption;
import org.kie.api.definition.KiePackage;
import org.kie.api.runtime.KieContainer;
import org.kie.internal.conf.AlphaRangeIndexThresholdOption;
import org.kie.internal.conf.AlphaThresholdOption;

/**
 * Turns a set of rule files into a {@link Policy}, chapter by chapter: a chapter whose files equal the
 * ones the application was built with uses the build-time executable model; one compiled before (same
 * hash) comes from the cache; the others are compiled, in parallel. An error in any chapter refuses
 * the whole policy. Thread-safe.
 */
public final class PolicyCompiler {
    private static final int CACHED_CHAPTERS = 64;

    private final ClassLoader classLoader;
    private final ChapterCompiler chapters;
    private final PrebuiltPolicy prebuilt;
    /**
     * Compiled chapters by the hash they were compiled from, per class loader (the classes they were
     * compiled against), shared by every compiler of the process: a policy that changes one chapter
     * compiles only that one.
     */
    private static final Map<ClassLoader, Map<String, CompiledChapter>> CACHES =
            java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());
    private final Map<String, CompiledChapter> cache;

    public PolicyCompiler(ClassLoader classLoader) {
        this(classLoader, PrebuiltPolicy.load(classLoader));
    }

    public PolicyCompiler(ClassLoader classLoader, PrebuiltPolicy prebuilt) {
        this.classLoader = classLoader;
        this.chapters = new ChapterCompiler(new CompilerClassLoader(classLoader));
        this.prebuilt = prebuilt;
        this.cache = CACHES.computeIfAbsent(classLoader, cl -> java.util.Collections.synchronizedMap(
                new LinkedHashMap<>(16, 0.75f, true) {
                    @Override
                    protected boolean removeEldestEntry(Map.Entry<String, CompiledChapter> eldest) {
                        return size() > CACHED_CHAPTERS;
                    }
                }));
    }

    /** The policy built into the application. */
    public PrebuiltPolicy prebuilt() {
        return prebuilt;
    }

    /** True when rules can be compiled by this process (not in a native executable). */
    public static boolean canCompile() {
        return !ImageInfo.inImageRuntimeCode();
    }

    /** The version id of a set of files: the first 12 hex digits of a SHA-256 over names and contents. */
    public static String versionOf(List<RuleFile> files) {
        return Chapters.hash(files);
    }

    /** The chapters of these files that would have to be compiled (neither built nor cached). */
    public List<String> toCompile(List<RuleFile> files) {
        if (files.isEmpty() || files.stream().anyMatch(f -> f.chapter().isEmpty())) {
            return List.of("(whole policy)");
        }
        Map<String, List<RuleFile>> grouped = Chapters.group(files);
        List<RuleFile> common = grouped.getOrDefault(Chapters.COMMON, List.of());
        List<String> out = new ArrayList<>();
        grouped.forEach((name, own) -> {
            if (!Chapters.COMMON.equals(name)) {
                String unit = ChapterCompiler.unitHash(name, own, common);
                if (!cache.containsKey(unit) && !unit.equals(prebuilt.unitOf(name))) {
                    out.add(name);
                }
            }
        });
        return out;
    }

    /** Compiles the files; the result carries either a policy or the errors (file, line, column). */
    public CompileResult compile(List<RuleFile> files) {
        return compile(files, name -> { });
    }

    /** The same, telling {@code progress} the name of each chapter it is about to compile. */
    public CompileResult compile(List<RuleFile> files, Consumer<String> progress) {
        List<RuleFile> ordered = files.stream().sorted(Comparator.comparing(RuleFile::name)).toList();
        String version = versionOf(ordered);
        if (ordered.isEmpty()) {
            return refused(version, ordered, List.of(new PolicyMessage("ERROR", "", 0, 0,
                    "a policy needs at least one .drl file")));
        }
        boolean legacy = ordered.stream().allMatch(f -> f.chapter().isEmpty());
        if (!legacy && ordered.stream().anyMatch(f -> f.chapter().isEmpty())) {
            return refused(version, ordered, List.of(new PolicyMessage("ERROR", "", 0, 0,
                    "rule files live in chapters (rules/<chapter>/<file>.drl); move the top-level files "
                            + ordered.stream().filter(f -> f.chapter().isEmpty()).map(RuleFile::name).toList())));
        }
        if (legacy) {
            return compileWhole(version, ordered);
        }
        List<PolicyMessage> layout = Chapters.check(ordered);
        if (!layout.isEmpty()) {
            return refused(version, ordered, layout);
        }
        Map<String, List<RuleFile>> grouped = Chapters.group(ordered);
        List<RuleFile> common = grouped.getOrDefault(Chapters.COMMON, List.of());
        grouped.remove(Chapters.COMMON);
        if (grouped.isEmpty()) {
            return refused(version, ordered, List.of(new PolicyMessage("ERROR", "", 0, 0,
                    "a policy needs at least one chapter besides common/")));
        }
        Map<String, ChapterCompiler.Result> results = compileChapters(grouped, common, progress);
        List<PolicyMessage> messages = new ArrayList<>();
        List<CompiledChapter> compiled = new ArrayList<>();
        results.values().forEach(r -> {
            messages.addAll(r.messages());
            if (r.ok()) {
                compiled.add(r.chapter());
            }
        });
        List<PolicyMessage> unique = List.copyOf(new java.util.LinkedHashSet<>(messages));
        if (compiled.size() < results.size()) {
            return refused(version, ordered, unique);
        }
        Policy policy = new Policy(version, Instant.now(), null, ordered, unique.stream().filter(m -> !m.isError()).toList(),
                compiled, Policy.lazy(kind -> assemble(kind, compiled)));
        // a chapter compiled here has not been put together with the others yet: do it now, so a policy
        // whose chapters do not fit together is refused instead of failing in a session later
        try {
            for (SessionKind kind : SessionKind.values()) {
                if (compiled.stream().anyMatch(c -> c.origin() == CompiledChapter.Origin.RUNTIME && kind.loads(c.name()))) {
                    policy.kieBase(kind);
                }
            }
        } catch (RuntimeException | LinkageError e) {
            return refused(version, ordered, List.of(new PolicyMessage("ERROR", "", 0, 0,
                    "the chapters do not fit together: " + e.getMessage())));
        }
        return new CompileResult(version, ordered, unique, policy);
    }

    private Map<String, ChapterCompiler.Result> compileChapters(Map<String, List<RuleFile>> grouped,
                                                               List<RuleFile> common, Consumer<String> progress) {
        Map<String, ChapterCompiler.Result> results = new java.util.TreeMap<>();
        Map<String, List<RuleFile>> pending = new java.util.TreeMap<>();
        grouped.forEach((name, own) -> {
            String unit = ChapterCompiler.unitHash(name, own, common);
            // the build's model first: a chapter compiled here earlier (same hash) decides the same way, but
            // the built one is what a fresh start would use
            CompiledChapter hit = prebuilt.chapter(name, unit, own).orElse(null);
            if (hit == null) {
                hit = cache.get(unit);
            }
            if (hit != null) {
                results.put(name, new ChapterCompiler.Result(hit, hit.warnings()));
            } else {
                pending.put(name, own);
            }
        });
        if (pending.isEmpty()) {
            return results;
        }
        if (!canCompile()) {
            pending.keySet().forEach(name -> results.put(name, new ChapterCompiler.Result(null, List.of(
                    new PolicyMessage("ERROR", name + "/", 0, 0, "chapter '" + name + "' differs from the one built "
                            + "into this native executable, and a native executable cannot compile rules")))));
            return results;
        }
        pending.keySet().forEach(progress);
        int threads = Math.max(1, Math.min(pending.size(), Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "conclave-policy-compile");
            t.setDaemon(true);
            return t;
        });
        try {
            Map<String, Future<ChapterCompiler.Result>> futures = new LinkedHashMap<>();
            pending.forEach((name, own) -> futures.put(name, pool.submit(() -> chapters.compile(name, own, common))));
            for (Map.Entry<String, Future<ChapterCompiler.Result>> f : futures.entrySet()) {
                ChapterCompiler.Result r;
                try {
                    r = f.getValue().get();
                } catch (java.util.concurrent.ExecutionException e) {
                    r = new ChapterCompiler.Result(null, List.of(new PolicyMessage("ERROR", f.getKey() + "/", 0, 0,
                            "chapter '" + f.getKey() + "' could not be compiled: " + e.getCause())));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while compiling the policy", e);
                }
                if (r.ok()) {
                    cache.put(r.chapter().unitHash(), r.chapter());
                }
                results.put(f.getKey(), r);
            }
        } finally {
            pool.shutdownNow();
        }
        return results;
    }

    /** One KieBase of the chapters a kind of session loads: built models first, then compiled packages. */
    private KieBase assemble(SessionKind kind, List<CompiledChapter> compiled) {
        KieBaseConfiguration conf = KieServices.Factory.get().newKieBaseConfiguration(null, classLoader);
        conf.setOption(EventProcessingOption.CLOUD);
        List<Model> models = new ArrayList<>();
        List<KiePackage> packages = new ArrayList<>();
        for (CompiledChapter c : compiled) {
            if (kind.loads(c.name())) {
                if (c.models() != null) {
                    models.addAll(c.models().get());
                } else {
                    packages.addAll(c.packages());
                }
            }
        }
        if (!models.isEmpty() && !packages.isEmpty()) {
            // Built and run-time chapters in one KieBase: Drools indexes the literal tests of one field
            // across rules (a hash of Task(meetingRequired == ...) tests), and with tests of both compilers
            // in one index a meeting task matched meetingRequired == false. Without the literal indexes
            // (hash and range) the mix decides as the all-built KieBase does: PolicyParityTest runs every
            // chapter compiled here beside the others built.
            conf.setOption(AlphaThresholdOption.get(Integer.MAX_VALUE));
            conf.setOption(AlphaRangeIndexThresholdOption.get(Integer.MAX_VALUE));
        }
        InternalKnowledgeBase base = KieBaseBuilder.createKieBaseFromModel(models, conf);
        if (!packages.isEmpty()) {
            alignTypeDeclarations(base, packages);
            base.addPackages(packages);
        }
        return base;
    }

    /**
     * The executable model declares {@code java.util.List} (matched by {@code from collect}) as type-safe
     * where the DRL compiler does not; both mean the same class, but Drools refuses to merge the two
     * declarations. Take the KieBase's view before adding compiled packages to it.
     */
    private static void alignTypeDeclarations(InternalKnowledgeBase base, Collection<KiePackage> packages) {
        for (KiePackage p : packages) {
            for (TypeDeclaration declared : ((InternalKnowledgePackage) p).getTypeDeclarations().values()) {
                TypeDeclaration existing = base.getTypeDeclaration(declared.getTypeClass());
                if (existing != null && existing.isTypesafe() != declared.isTypesafe()) {
                    declared.setTypesafe(existing.isTypesafe());
                }
            }
        }
    }

    /** A policy archived before chapters: every file in one package, compiled as one KieBase for every kind. */
    private CompileResult compileWhole(String version, List<RuleFile> ordered) {
        if (!canCompile()) {
            return refused(version, ordered, List.of(new PolicyMessage("ERROR", "", 0, 0,
                    "a native executable cannot compile an archived policy")));
        }
        KieServices ks = KieServices.Factory.get();
        ReleaseId releaseId = ks.newReleaseId("io.conclave.policy", "policy-" + version, "1.0.0");
        KieFileSystem kfs = ks.newKieFileSystem();
        kfs.generateAndWritePomXML(releaseId);
        for (RuleFile f : ordered) {
            kfs.write("src/main/resources/conclave/" + f.name(), f.content());
        }
        KieBuilder builder;
        try {
            builder = ks.newKieBuilder(kfs, classLoader).buildAll();
        } catch (StackOverflowError e) {
            ks.getRepository().removeKieModule(releaseId);
            return refused(version, ordered, List.of(new PolicyMessage("ERROR", "", 0, 0,
                    "the rules are nested too deeply to compile")));
        }
        List<PolicyMessage> messages = new ArrayList<>();
        for (Message m : builder.getResults().getMessages()) {
            String path = m.getPath() == null ? "" : m.getPath().substring(m.getPath().lastIndexOf('/') + 1);
            messages.add(new PolicyMessage(m.getLevel() == Message.Level.ERROR ? "ERROR" : "WARNING", path,
                    m.getLine(), m.getColumn(), m.getText().strip()));
        }
        if (messages.stream().anyMatch(PolicyMessage::isError)) {
            ks.getRepository().removeKieModule(releaseId);
            return refused(version, ordered, messages);
        }
        KieContainer container = ks.newKieContainer(releaseId, classLoader);
        KieBaseConfiguration conf = ks.newKieBaseConfiguration();
        conf.setOption(EventProcessingOption.CLOUD);
        KieBase kieBase = container.newKieBase(conf);
        ks.getRepository().removeKieModule(releaseId);
        Policy policy = new Policy(version, Instant.now(), null, ordered, messages, List.of(), kind -> kieBase);
        return new CompileResult(version, ordered, messages, policy);
    }

    private static CompileResult refused(String version, List<RuleFile> files, List<PolicyMessage> messages) {
        return new CompileResult(version, files, messages, null);
    }
}
