package io.conclave.engine.policy;

import io.conclave.model.policy.RuleFile;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.drools.drl.parser.DrlParser;
import org.drools.drl.parser.DroolsParserException;

import io.conclave.journal.RuleFolder;
import io.conclave.model.policy.PolicyMessage;

/**
 * The build step that compiles the shipped policy ({@code rules/}) into the Drools executable model and
 * packs it into the application: every chapter's generated classes, an index of what each chapter was
 * compiled from ({@link PrebuiltPolicy#INDEX}), a copy of the rule files, and the native-image
 * registration of the model classes. A chapter that does not compile fails the build.
 * <p>
 * Run by Maven in {@code process-classes}: {@code java io.conclave.engine.policy.PolicyBuild RULES_DIR CLASSES_DIR}.
 * A chapter whose hash is unchanged since the last build is kept as it is, as long as the fact classes
 * ({@code io.conclave.model}) are unchanged too.
 */
public final class PolicyBuild {
    private static final String GENERATED_ROOT = "conclave";
    private static final String REFLECT_CONFIG = "META-INF/native-image/io.conclave/policy/reflect-config.json";

    private PolicyBuild() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: PolicyBuild RULES_DIR CLASSES_DIR");
            System.exit(2);
        }
        System.exit(build(Path.of(args[0]), Path.of(args[1])) ? 0 : 1);
    }

    /** Builds the policy of {@code rulesDir} into {@code classes}; false (with the errors printed) when it fails. */
    static boolean build(Path rulesDir, Path classes) throws Exception {
        List<RuleFile> files = RuleFolder.read(rulesDir);
        if (files.isEmpty() || files.stream().anyMatch(f -> f.chapter().isEmpty())) {
            System.err.println("policy build: " + rulesDir + " holds no chapters (rules/<chapter>/<file>.drl)");
            return false;
        }
        List<PolicyMessage> layout = new ArrayList<>(PolicyLimits.DEFAULT.check(files));
        layout.addAll(Chapters.check(files));
        PolicyGuard guard = new PolicyGuard(PolicyBuild.class.getClassLoader());
        layout.addAll(guard.checkSource(files));
        if (!layout.isEmpty()) {
            layout.forEach(m -> System.err.println("policy build: " + m));
            return false;
        }
        Map<String, List<RuleFile>> grouped = Chapters.group(files);
        List<RuleFile> allCommon = grouped.getOrDefault(Chapters.COMMON, List.of());
        grouped.remove(Chapters.COMMON);
        Properties previous = previousIndex(classes);
        Properties index = new Properties();
        // the generated code is bound to the fact classes (their getters, and the property indexes of property
        // reactivity): a chapter built against other fact classes is built again, even if its rules did not change
        // and to the hooks the instrumenter puts in (the budget classes they call): a change there builds them again too
        String facts = factsHash(classes, "io/conclave/model") + "-" + factsHash(classes, "io/conclave/engine/budget");
        index.setProperty("facts", facts);
        ChapterCompiler compiler = new ChapterCompiler(PolicyBuild.class.getClassLoader());
        List<String> modelClasses = new ArrayList<>();
        boolean ok = true;
        Map<String, List<RuleFile>> commonOf = Chapters.commonOf(grouped, allCommon);
        for (Map.Entry<String, List<RuleFile>> e : grouped.entrySet()) {
            String name = e.getKey();
            List<RuleFile> common = commonOf.get(name);
            String unit = ChapterCompiler.unitHash(name, e.getValue(), common);
            String key = "chapter." + name + ".";
            if (unit.equals(previous.getProperty(key + "unit")) && facts.equals(previous.getProperty("facts"))
                    && classesPresent(classes, previous.getProperty(key + "models"))) {
                for (String k : List.of("unit", "version", "models", "millis", "rules")) {
                    index.setProperty(key + k, previous.getProperty(key + k, ""));
                }
                if (index.getProperty(key + "rules").isEmpty()) { // built before the count was kept
                    index.setProperty(key + "rules", Integer.toString(ruleCount(e.getValue())));
                }
                modelClasses.addAll(List.of(previous.getProperty(key + "models").split(",")));
                List<PolicyMessage> refused = checkBuilt(guard, classes, name, e.getValue(), common);
                if (!refused.isEmpty()) {
                    refused.forEach(m -> System.err.println("policy build: " + m));
                    ok = false;
                    continue;
                }
                System.out.printf("policy build: %-14s unchanged (%s)%n", name, unit);
                continue;
            }
            long start = System.nanoTime();
            ChapterCompiler.Model model = compiler.compileModel(name, e.getValue(), common);
            long millis = (System.nanoTime() - start) / 1_000_000;
            List<PolicyMessage> errors = new ArrayList<>(model.messages().stream().filter(PolicyMessage::isError).toList());
            if (errors.isEmpty() && model.modelClasses().isEmpty()) {
                errors.add(new PolicyMessage("ERROR", name + "/", 0, 0, "chapter '" + name + "' compiled to no rules"));
            }
            if (errors.isEmpty()) {
                // the built classes are held to the allow-list as the ones compiled at run time are
                List<RuleFile> sources = new ArrayList<>(e.getValue());
                sources.addAll(common);
                Map<String, byte[]> own = new TreeMap<>();
                model.classes().forEach((c, b) -> {
                    if (c.startsWith(Chapters.packageOf(name) + ".")) {
                        own.put(c, b);
                    }
                });
                errors.addAll(guard.checkClasses(name, own, sources));
            }
            if (!errors.isEmpty()) {
                errors.forEach(m -> System.err.println("policy build: " + m));
                ok = false;
                continue;
            }
            // what runs is bounded in time, depth and memory as a chapter compiled at run time is
            List<String> uninstrumentable = new ArrayList<>();
            Map<String, byte[]> instrumented = io.conclave.engine.budget.Instrumenter.instrument(model.classes(),
                    uninstrumentable);
            if (!uninstrumentable.isEmpty()) {
                uninstrumentable.forEach(m -> System.err.println("policy build: " + name + ": " + m));
                ok = false;
                continue;
            }
            deleteGenerated(classes, name);
            for (Map.Entry<String, byte[]> c : instrumented.entrySet()) {
                Path target = classes.resolve(c.getKey().replace('.', '/') + ".class");
                Files.createDirectories(target.getParent());
                Files.write(target, c.getValue());
            }
            index.setProperty(key + "unit", unit);
            index.setProperty(key + "version", Chapters.hash(e.getValue()));
            index.setProperty(key + "models", String.join(",", model.modelClasses()));
            index.setProperty(key + "millis", Long.toString(millis));
            index.setProperty(key + "rules", Integer.toString(ruleCount(e.getValue())));
            modelClasses.addAll(model.modelClasses());
            System.out.printf("policy build: %-14s %d classes in %d ms (%s)%n", name, model.classes().size(), millis, unit);
        }
        if (!ok) {
            return false;
        }
        index.setProperty("version", PolicyCompiler.versionOf(files));
        index.setProperty("files", String.join(",", files.stream().map(RuleFile::name).toList()));
        Path copies = classes.resolve(PrebuiltPolicy.FILES);
        deleteTree(copies);
        for (RuleFile f : files) {
            Path target = copies.resolve(f.name());
            Files.createDirectories(target.getParent());
            Files.writeString(target, f.content());
        }
        writeReflectConfig(classes.resolve(REFLECT_CONFIG), modelClasses);
        Path indexFile = classes.resolve(PrebuiltPolicy.INDEX);
        Files.createDirectories(indexFile.getParent());
        StringWriter text = new StringWriter();
        index.store(text, null);
        // drop the date comment Properties writes, so an unchanged policy gives the same bytes
        String body = text.toString().lines().filter(l -> !l.startsWith("#")).sorted()
                .reduce(new StringBuilder(), (b, l) -> b.append(l).append('\n'), StringBuilder::append).toString();
        Files.writeString(indexFile, body);
        System.out.println("policy build: version " + index.getProperty("version") + ", " + index.stringPropertyNames().stream()
                .filter(k -> k.endsWith(".unit")).count() + " of " + grouped.size() + " chapters built");
        return true;
    }

    /** The allow-list check of a chapter's classes kept from an earlier build (read from the classes folder). */
    private static List<PolicyMessage> checkBuilt(PolicyGuard guard, Path classes, String chapter, List<RuleFile> files,
                                                  List<RuleFile> common) throws IOException {
        Map<String, byte[]> own = new TreeMap<>();
        Path dir = classes.resolve(GENERATED_ROOT).resolve(chapter);
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.filter(f -> f.toString().endsWith(".class")).toList()) {
                    String rel = classes.relativize(p).toString().replace('\\', '/');
                    own.put(rel.substring(0, rel.length() - ".class".length()).replace('/', '.'), Files.readAllBytes(p));
                }
            }
        }
        List<RuleFile> sources = new ArrayList<>(files);
        sources.addAll(common);
        return guard.checkClasses(chapter, own, sources, true);
    }

    /** A hash of the fact classes the rules are compiled against: every class file under {@code io/conclave/model}. */
    static String factsHash(Path classes) throws IOException {
        return factsHash(classes, "io/conclave/model");
    }

    /** A hash of every class file under {@code folder} of {@code classes}. */
    static String factsHash(Path classes, String folder) throws IOException {
        Path model = classes.resolve(folder);
        if (!Files.isDirectory(model)) {
            return "none";
        }
        try (Stream<Path> s = Files.walk(model)) {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            for (Path p : s.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                sha.update(model.relativize(p).toString().replace('\\', '/').getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(Files.readAllBytes(p));
            }
            return java.util.HexFormat.of().formatHex(sha.digest()).substring(0, 12);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Properties previousIndex(Path classes) throws IOException {
        Properties p = new Properties();
        Path indexFile = classes.resolve(PrebuiltPolicy.INDEX);
        if (Files.exists(indexFile)) {
            p.load(Files.newBufferedReader(indexFile, StandardCharsets.UTF_8));
        }
        return p;
    }

    /** How many rules the chapter's files declare, as the DRL parser reads them (shown by GET /api/rules). */
    private static int ruleCount(List<RuleFile> files) {
        int rules = 0;
        for (RuleFile f : files) {
            try {
                rules += new DrlParser().parse(false, f.content()).getRules().size();
            } catch (DroolsParserException e) {
                throw new IllegalStateException(f.name() + " compiled but does not parse: " + e.getMessage(), e);
            }
        }
        return rules;
    }

    private static boolean classesPresent(Path classes, String models) {
        if (models == null || models.isBlank()) {
            return false;
        }
        for (String m : models.split(",")) {
            if (!Files.exists(classes.resolve(m.replace('.', '/') + ".class"))) {
                return false;
            }
        }
        return true;
    }

    /** Removes the classes generated for a chapter by an earlier build (its package folder). */
    private static void deleteGenerated(Path classes, String chapter) throws IOException {
        deleteTree(classes.resolve(GENERATED_ROOT).resolve(chapter));
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Native images instantiate the model classes reflectively ({@link PrebuiltPolicy}): register them. */
    private static void writeReflectConfig(Path target, List<String> modelClasses) throws IOException {
        Map<String, String> sorted = new TreeMap<>();
        modelClasses.forEach(c -> sorted.put(c, c));
        StringBuilder json = new StringBuilder("[\n");
        int i = 0;
        for (String c : sorted.keySet()) {
            json.append("  {\"name\": \"").append(c).append("\", \"methods\": [{\"name\": \"<init>\", \"parameterTypes\": []}]}")
                    .append(++i < sorted.size() ? ",\n" : "\n");
        }
        json.append("]\n");
        Files.createDirectories(target.getParent());
        try (OutputStream out = Files.newOutputStream(target)) {
            out.write(json.toString().getBytes(StandardCharsets.UTF_8));
        }
    }
}
