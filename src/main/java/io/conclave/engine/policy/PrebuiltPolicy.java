package io.conclave.engine.policy;

import io.conclave.model.policy.RuleFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Supplier;

import org.drools.model.Model;

/**
 * The policy compiled into the application at build time ({@link PolicyBuild}): per chapter, the hash
 * it was compiled from and its executable-model classes; and a copy of the rule files it was built from.
 * A chapter whose files on disk hash the same is loaded from here instead of being compiled.
 */
public final class PrebuiltPolicy {
    /** The index the build writes, on the class path. */
    public static final String INDEX = "META-INF/conclave/policy.properties";
    /** Where the build keeps a copy of each rule file, on the class path. */
    public static final String FILES = "META-INF/conclave/rules/";

    private final Properties index;
    private final ClassLoader classLoader;

    private PrebuiltPolicy(Properties index, ClassLoader classLoader) {
        this.index = index;
        this.classLoader = classLoader;
    }

    /** The built policy of this application, or an empty one when it was built without it. */
    public static PrebuiltPolicy load(ClassLoader classLoader) {
        Properties p = new Properties();
        try (InputStream in = classLoader.getResourceAsStream(INDEX)) {
            if (in != null) {
                p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            p.clear();
        }
        return new PrebuiltPolicy(p, classLoader);
    }

    /** No built policy: every chapter is compiled at run time. */
    public static PrebuiltPolicy none() {
        return new PrebuiltPolicy(new Properties(), PrebuiltPolicy.class.getClassLoader());
    }

    /** True when the application carries a built policy. */
    public boolean present() {
        return !index.isEmpty();
    }

    /** The version of the built policy (a hash over all its files), or null. */
    public String version() {
        return index.getProperty("version");
    }

    /** The hash the chapter was built from, or null when the build has no such chapter. */
    public String unitOf(String chapter) {
        return index.getProperty("chapter." + chapter + ".unit");
    }

    /**
     * The built chapter if it was compiled from exactly {@code unitHash} and its classes are all there. Its
     * models are instantiated (their classes loaded) when a KieBase first needs them.
     */
    public Optional<CompiledChapter> chapter(String name, String unitHash, List<RuleFile> files, List<RuleFile> common) {
        if (!unitHash.equals(index.getProperty("chapter." + name + ".unit"))) {
            return Optional.empty();
        }
        List<String> classes = split(index.getProperty("chapter." + name + ".models"));
        if (classes.isEmpty() || classes.stream().anyMatch(c -> classLoader.getResource(c.replace('.', '/') + ".class") == null)) {
            return Optional.empty(); // a half-built application: compile the chapter instead
        }
        long millis = Long.parseLong(index.getProperty("chapter." + name + ".millis", "0"));
        String counted = index.getProperty("chapter." + name + ".rules", "");
        int rules = counted.isBlank() ? 0 : Integer.parseInt(counted.strip());
        return Optional.of(new CompiledChapter(name, Chapters.hash(files), unitHash, files, List.copyOf(common),
                CompiledChapter.Origin.BUILD, millis, List.of(), List.of(), once(() -> instantiate(name, classes)), rules));
    }

    /**
     * The chapter as it was built, whatever the files on disk are now: what an edit of the chapter compiles its
     * touched files against ({@link FileUnits}). Empty when the build has no such chapter or its files are gone.
     */
    public Optional<CompiledChapter> built(String name) {
        return builtChapters.computeIfAbsent(name, this::readBuilt);
    }

    private final java.util.Map<String, Optional<CompiledChapter>> builtChapters = new java.util.concurrent.ConcurrentHashMap<>();

    private Optional<CompiledChapter> readBuilt(String name) {
        List<RuleFile> all = builtFiles();
        if (all.isEmpty()) {
            return Optional.empty();
        }
        java.util.Map<String, List<RuleFile>> grouped = Chapters.group(all);
        List<RuleFile> own = grouped.get(name);
        if (own == null || Chapters.COMMON.equals(name)) {
            return Optional.empty();
        }
        List<RuleFile> common = Chapters.commonOf(grouped, grouped.getOrDefault(Chapters.COMMON, List.of())).get(name);
        return chapter(name, ChapterCompiler.unitHash(name, own, common), own, common);
    }

    private volatile List<RuleFile> builtFiles;

    /** The built rule files, read once; empty when the application has none or they cannot be read. */
    private List<RuleFile> builtFiles() {
        List<RuleFile> files = builtFiles;
        if (files == null) {
            try {
                files = present() ? List.copyOf(files()) : List.of();
            } catch (IOException e) {
                files = List.of();
            }
            builtFiles = files;
        }
        return files;
    }

    private List<Model> instantiate(String chapter, List<String> classes) {
        List<Model> models = new ArrayList<>();
        for (String cls : classes) {
            try {
                models.add((Model) Class.forName(cls, true, classLoader).getConstructor().newInstance());
            } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
                throw new IllegalStateException("the built chapter " + chapter + " does not load (" + cls + "): " + e, e);
            }
        }
        return List.copyOf(models);
    }

    /** {@code supplier}, called at most once (thread-safe). */
    private static <T> Supplier<T> once(Supplier<T> supplier) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = supplier.get();
                }
                return value;
            }
        };
    }

    /** The rule files the policy was built from (the native executable's only policy). */
    public List<RuleFile> files() throws IOException {
        List<RuleFile> files = new ArrayList<>();
        for (String name : split(index.getProperty("files"))) {
            try (InputStream in = classLoader.getResourceAsStream(FILES + name)) {
                if (in == null) {
                    throw new IOException("built rule file " + name + " is missing from the application");
                }
                files.add(new RuleFile(name, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            }
        }
        return files;
    }

    private static List<String> split(String value) {
        return value == null || value.isBlank() ? List.of() : Arrays.stream(value.split(",")).map(String::strip).toList();
    }
}
