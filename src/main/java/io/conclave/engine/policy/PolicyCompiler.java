package io.conclave.engine.policy;

import io.conclave.model.policy.RuleFile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

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
import org.kie.api.runtime.KieContainer;
import io.conclave.model.policy.PolicyMessage;

/**
 * Turns a set of rule files into a {@link Policy}, chapter by chapter: a chapter whose files equal the
 * ones the application was built with uses the build-time executable model; one compiled before (same
 * hash) comes from the cache; the others are compiled, in parallel. Before anything is compiled the files
 * are held to the {@link PolicyLimits} and their source to the allow-list ({@link PolicyGuard}); after,
 * the classes compiled for each chapter are held to the allow-list again. An error in any chapter
 * refuses the whole policy. Thread-safe.
 */
public final class PolicyCompiler {
    private static final int CACHED_CHAPTERS = 64;

    private final ClassLoader classLoader;
    private final CompilerClassLoader compilerLoader;
    private final PrebuiltPolicy prebuilt;
    private final PolicyLimits limits;
    private final PolicyGuard guard;
    private final int threads;
    /** Compiled chapters by their hash, per class loader (compiled against), for every compiler of the process. */
    private static final Map<ClassLoader, Map<String, CompiledChapter>> CACHES =
            java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());
    private final Map<String, CompiledChapter> cache;
    /** Whether compiled chapters get the budget's hooks: always, but for the benchmark that measures their cost. */
    private boolean hooks = true;
    /** Whether an edit compiles only the files it touched ({@link FileUnits}): by default, see {@link #wholeChaptersOnly}. */
    private boolean fileUnits = true;

    public PolicyCompiler(ClassLoader classLoader) {
        this(classLoader, PrebuiltPolicy.load(classLoader));
    }

    public PolicyCompiler(ClassLoader classLoader, PrebuiltPolicy prebuilt) {
        this(classLoader, prebuilt, PolicyLimits.DEFAULT, defaultThreads());
    }

    /**
     * @param limits  the sizes checked before compiling
     * @param threads how many chapters compile in parallel (leave a core to the commands of projects,
     *                meetings and conversations: a compile must not starve them)
     */
    public PolicyCompiler(ClassLoader classLoader, PrebuiltPolicy prebuilt, PolicyLimits limits, int threads) {
        this.classLoader = classLoader;
        this.compilerLoader = new CompilerClassLoader(classLoader);
        this.prebuilt = prebuilt;
        this.limits = limits;
        this.guard = new PolicyGuard(classLoader);
        this.threads = Math.max(1, threads);
        this.cache = CACHES.computeIfAbsent(classLoader, cl -> java.util.Collections.synchronizedMap(
                new LinkedHashMap<>(16, 0.75f, true) {
                    @Override
                    protected boolean removeEldestEntry(Map.Entry<String, CompiledChapter> eldest) {
                        return size() > CACHED_CHAPTERS;
                    }
                }));
    }

    /** This compiler without the budget's hooks (unbounded rule code), for a benchmark; give it its own class loader. */
    public PolicyCompiler withoutBudgetHooks() {
        hooks = false;
        return this;
    }

    /**
     * This compiler compiling every changed chapter whole, never only the files an edit touched
     * ({@code conclave.rules.incremental=false}, and the tests that compare a whole compile with the build's).
     */
    public PolicyCompiler wholeChaptersOnly() {
        fileUnits = false;
        return this;
    }

    /** All cores but one, at least one. */
    public static int defaultThreads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
    }

    /** A handle on one compile, to cancel it (its next class lookup throws) when it exceeded a limit. */
    public static final class Ticket {
        private final java.util.List<CompilerClassLoader> loaders = new java.util.concurrent.CopyOnWriteArrayList<>();
        private volatile String cancelled;

        /** Cancels the compile: it winds down at its next class lookup. */
        public void cancel(String why) {
            cancelled = why;
            loaders.forEach(l -> l.cancel(why));
        }

        public boolean cancelled() {
            return cancelled != null;
        }

        CompilerClassLoader loader(CompilerClassLoader base) {
            CompilerClassLoader l = base.forCompile();
            loaders.add(l);
            if (cancelled != null) {
                l.cancel(cancelled);
            }
            return l;
        }
    }

    /** The limits checked before compiling. */
    public PolicyLimits limits() {
        return limits;
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
        Map<String, List<RuleFile>> commonOf = Chapters.commonOf(grouped, common);
        grouped.forEach((name, own) -> {
            if (!Chapters.COMMON.equals(name)) {
                String unit = ChapterCompiler.unitHash(name, own, commonOf.get(name));
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
        return compile(files, progress, new Ticket());
    }

    /** The same, cancelled through {@code ticket}. */
    public CompileResult compile(List<RuleFile> files, Consumer<String> progress, Ticket ticket) {
        List<RuleFile> ordered = files.stream().sorted(Comparator.comparing(RuleFile::name)).toList();
        String version = versionOf(ordered);
        if (ordered.isEmpty()) {
            return refused(version, ordered, List.of(new PolicyMessage("ERROR", "", 0, 0,
                    "a policy needs at least one .drl file")));
        }
        List<PolicyMessage> beyond = limits.check(ordered);
        if (!beyond.isEmpty()) {
            return refused(version, ordered, beyond);
        }
        List<PolicyMessage> forbidden = guard.checkSource(ordered);
        if (!forbidden.isEmpty()) {
            return refused(version, ordered, forbidden);
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
        Map<String, ChapterCompiler.Result> results = compileChapters(grouped, common, progress, ticket);
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
        Policy.Bases bases = Policy.lazy(kind -> assemble(kind, compiled));
        // a chapter compiled here has not been put together with the others yet: do it now, so a policy whose
        // chapters do not fit together, or that breaks the contract of what the application reads, is refused
        List<PolicyMessage> all = new ArrayList<>(unique);
        try {
            for (SessionKind kind : SessionKind.values()) {
                if (compiled.stream().anyMatch(c -> c.origin() == CompiledChapter.Origin.RUNTIME && kind.loads(c.name()))) {
                    Outputs.check(bases.get(kind)).stream().filter(m -> !all.contains(m))
                            .forEach(all::add);
                }
            }
        } catch (Throwable e) {
            return refused(version, ordered, List.of(new PolicyMessage("ERROR", "", 0, 0,
                    "the chapters do not fit together: " + ChapterCompiler.describe(e))));
        }
        if (all.stream().anyMatch(PolicyMessage::isError)) {
            return refused(version, ordered, all);
        }
        Policy policy = new Policy(version, Instant.now(), null, ordered, all, compiled, bases);
        return new CompileResult(version, ordered, all, policy);
    }

    /**
     * Compiles one chapter of {@code files} (the smallest besides common/) the way an edit would, checks and all,
     * and throws the result away: the compiler's classes are then loaded and much of its hot code compiled by the
     * JIT, so the first edit after a start does not pay for that; then reads every file's outline, which an edit's
     * {@link FileUnits} compare, and rehearses an edit in every chapter ({@link EditRehearsal}). Returns the small
     * chapter's name, or null when nothing was compiled (native, no chapters, a cancelled ticket, a failed compile).
     */
    public String warmUp(List<RuleFile> files, Ticket ticket) {
        if (!canCompile() || files.isEmpty() || files.stream().anyMatch(f -> f.chapter().isEmpty())) {
            return null;
        }
        Map<String, List<RuleFile>> grouped = Chapters.group(files);
        List<RuleFile> common = grouped.getOrDefault(Chapters.COMMON, List.of());
        Map<String, List<RuleFile>> commonOf = Chapters.commonOf(grouped, common);
        String smallest = Chapters.bySize(grouped, false).findFirst().orElse(null);
        if (smallest == null) {
            return null;
        }
        ChapterCompiler.Result r = new ChapterCompiler(ticket.loader(compilerLoader), classLoader, hooks)
                .compile(smallest, grouped.get(smallest), commonOf.get(smallest), guard);
        if (r.ok() && !ticket.cancelled()) {
            // putting the chapter's rules together, as a policy's first session does
            for (SessionKind kind : SessionKind.values()) {
                if (kind.loads(smallest)) {
                    assemble(kind, List.of(r.chapter()));
                    break;
                }
            }
        }
        if (r.ok() && fileUnits) {
            // what the first edit's plan reads: every file's outline (Drools' parser warm as well) and the built chapters
            for (RuleFile f : files) {
                if (ticket.cancelled()) {
                    return null;
                }
                DrlOutline.of(f);
            }
            grouped.keySet().forEach(prebuilt::built);
            // then an edit's own path in every chapter; nothing of it is kept
            EditRehearsal.rehearse(files, edited -> compile(edited, name -> { }, ticket), cache::remove, ticket::cancelled);
        }
        return r.ok() && !ticket.cancelled() ? smallest : null;
    }

    private Map<String, ChapterCompiler.Result> compileChapters(Map<String, List<RuleFile>> grouped,
                                                               List<RuleFile> common, Consumer<String> progress,
                                                               Ticket ticket) {
        Map<String, ChapterCompiler.Result> results = new java.util.TreeMap<>();
        Map<String, List<RuleFile>> pending = new java.util.TreeMap<>();
        Map<String, List<RuleFile>> commonOf = Chapters.commonOf(grouped, common);
        grouped.forEach((name, own) -> {
            String unit = ChapterCompiler.unitHash(name, own, commonOf.get(name));
            // the build's model first: a chapter compiled here earlier (same hash) decides the same way, but
            // the built one is what a fresh start would use
            CompiledChapter hit = prebuilt.chapter(name, unit, own, commonOf.get(name)).orElse(null);
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
        ChapterCompiler chapters = new ChapterCompiler(ticket.loader(compilerLoader), classLoader, hooks);
        // A pool per compile, at most compile-threads: chapters side by side, never starving the owners.
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(pending.size(), threads), r -> {
            Thread t = new Thread(r, "conclave-policy-compile");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            return t;
        });
        try {
            Map<String, Future<ChapterCompiler.Result>> futures = new LinkedHashMap<>();
            pending.forEach((name, own) -> futures.put(name, pool.submit(() -> compileChapter(chapters, name, own,
                    commonOf.get(name)))));
            for (Map.Entry<String, Future<ChapterCompiler.Result>> f : futures.entrySet()) {
                ChapterCompiler.Result r;
                try {
                    r = f.getValue().get();
                } catch (java.util.concurrent.ExecutionException e) {
                    List<RuleFile> own = pending.get(f.getKey());
                    r = new ChapterCompiler.Result(null, List.of(new PolicyMessage("ERROR",
                            own.size() == 1 ? own.get(0).name() : f.getKey() + "/", 0, 0,
                            "chapter '" + f.getKey() + "' could not be compiled: " + ChapterCompiler.describe(e.getCause()))));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while compiling the policy", e);
                }
                if (r.ok()) {
                    cache.put(r.chapter().unitHash(), r.chapter());
                } else {
                    r = blamed(f.getKey(), pending.get(f.getKey()), r);
                }
                results.put(f.getKey(), r);
            }
        } finally {
            pool.shutdownNow();
        }
        return results;
    }

    /**
     * Compiles one chapter: only the files an edit touched when a chapter compiled before lets it
     * ({@link FileUnits}), else the whole chapter (also whenever compiling the touched files fails, so an error
     * reads the same either way).
     */
    private ChapterCompiler.Result compileChapter(ChapterCompiler chapters, String name, List<RuleFile> own,
                                                  List<RuleFile> common) {
        if (fileUnits) {
            FileUnits.Plan plan = plan(name, own, common);
            if (plan != null) {
                ChapterCompiler.Result r = chapters.compileTouched(plan, own, common, guard);
                if (r != null) {
                    return r;
                }
            }
        }
        return chapters.compile(name, own, common, guard);
    }

    /**
     * The cheapest plan for compiling what changed in a chapter, over the built chapter or one compiled here
     * before (the most recent first), or null when the chapter must be compiled whole.
     */
    private FileUnits.Plan plan(String name, List<RuleFile> own, List<RuleFile> common) {
        List<CompiledChapter> bases = new ArrayList<>();
        synchronized (cache) {
            cache.values().forEach(c -> {
                if (c.name().equals(name)) {
                    bases.add(0, c);
                }
            });
        }
        List<CompiledChapter> tried = new ArrayList<>(bases.subList(0, Math.min(bases.size(), PLAN_BASES)));
        prebuilt.built(name).ifPresent(tried::add);
        FileUnits.Plan best = null;
        for (CompiledChapter base : tried) {
            try {
                FileUnits.Plan p = FileUnits.plan(name, base, own, common).orElse(null);
                if (p != null && (best == null || cost(p) < cost(best))) {
                    best = p;
                }
            } catch (RuntimeException | LinkageError e) {
                // a base that cannot be read is no base: the chapter is compiled whole
            }
        }
        return best;
    }

    /** How many chapters compiled here before an edit's touched files are compared against (the built one besides). */
    private static final int PLAN_BASES = 4;

    private static int cost(FileUnits.Plan p) {
        return p.compile() ? 1 + p.touched().size() : 0;
    }

    /**
     * A failure the compiler could only pin on the chapter (it crashed, or ran out of stack or memory) is
     * pinned on the chapter's one file that differs from the built policy, when there is exactly one: the
     * file an edit just changed.
     */
    private ChapterCompiler.Result blamed(String chapter, List<RuleFile> own, ChapterCompiler.Result r) {
        List<RuleFile> changed;
        try {
            List<RuleFile> built = prebuilt.present() ? prebuilt.files() : List.of();
            changed = own.stream().filter(f -> !built.contains(f)).toList();
        } catch (java.io.IOException e) {
            return r;
        }
        if (changed.size() != 1) {
            return r;
        }
        String file = changed.get(0).name();
        return new ChapterCompiler.Result(null, r.messages().stream()
                .map(m -> m.file().equals(chapter + "/") ? new PolicyMessage(m.level(), file, m.line(), m.column(), m.message()) : m)
                .toList());
    }

    /** One KieBase of the executable models of the chapters a kind of session loads (built or compiled here). */
    private KieBase assemble(SessionKind kind, List<CompiledChapter> compiled) {
        KieBaseConfiguration conf = KieServices.Factory.get().newKieBaseConfiguration(null, classLoader);
        conf.setOption(EventProcessingOption.CLOUD);
        List<Model> models = new ArrayList<>();
        for (CompiledChapter c : compiled) {
            if (kind.loads(c.name())) {
                models.addAll(c.models().get());
            }
        }
        return KieBaseBuilder.createKieBaseFromModel(models, conf);
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
        } catch (Throwable e) {
            ks.getRepository().removeKieModule(releaseId);
            return refused(version, ordered, List.of(new PolicyMessage("ERROR", "", 0, 0,
                    "the archived policy could not be compiled: " + ChapterCompiler.describe(e))));
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
