package io.conclave.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The start-up benchmark: a command, not a test. It starts the packaged service through the launcher the build
 * writes ({@code target/conclave serve}) as child processes, each with a fresh data folder and its own copy of the
 * policy, and measures in one run:
 * <ol>
 * <li><b>starts</b>: launch to the first 200 of {@code GET /q/health/ready} (ready means a policy is active),
 * polled every 10 ms, and the resident set at that moment, round after round in rotating order: the shipped
 * policy and a one-rule policy on the JDK running the benchmark (17) with and without the launcher's class cache
 * (AppCDS), the same on JDK 25 with and without its AOT cache (when {@code --jdk25} exists), and as the baseline
 * the trivial Quarkus REST application of {@code src/test/bench/trivial-app} (one resource and health, the same
 * Quarkus) on each JDK, with and without its own AOT cache. Each cache is recorded first by one training run,
 * as a user's first start records it (Conclave's JDK 25 cache until the service ends the recording two seconds
 * after its start; the JDK 17 archive at the exit, without an edit: OpenJDK 17.0.15 crashes writing it after a
 * chapter compile); each of Conclave's starts is sent its first command right at ready (the example project
 * created), timed until answered;</li>
 * <li><b>edits</b>, for every chapter (its largest file): on a fresh service, once its log says the compiler's
 * warm-up is over (its time is printed; {@code --warm-up=off} starts the services without one and edits at once),
 * the time from writing an edited
 * file into the rules folder to the {@code POLICY_ACTIVATED} event on the service's event stream (the watcher's
 * quiet time included),
 * the first edit after the start and the later ones; on another fresh service, the time a {@code PUT
 * /api/rules/{chapter}/{file}} takes to be answered (the new version active), first and later; and the resident
 * set after the start and after the edits (what the compiler's warm state costs);</li>
 * <li><b>cli</b>: the command-line mode on the compressed example project, wall clock of the whole process,
 * against {@code run --help} (the JVM and the jar, no policy).</li>
 * </ol>
 * Each edit puts a distinct comment line inside the file's last rule or function, so that rule or function changes
 * and what a real edit of it compiles is compiled (the file's rules; for a function, the rules that call it). Each started service's log must say what it compiled at start (nothing for the shipped rules) and no JDK
 * warning about its class cache (a cache the JDK refused would measure a plain start); otherwise the command
 * exits 1.
 *
 * <pre>
 * ./mvnw -q package -DskipTests &amp;&amp; ./mvnw -q test-compile exec:exec@benchmark-startup
 * ./mvnw -q test-compile exec:exec@benchmark-startup -Dbench.args="--only=edits --chapters=meetings,assignment"
 * </pre>
 *
 * Options (two leading dashes): {@code only=starts,edits,cli} (all three), {@code rounds=N} starts of each
 * variant (3), {@code edits=N} edits and PUTs per service (3: the first and two later), {@code chapters=A,B}
 * (every folder of the rules), {@code edit-jdk=17|25} the JDK of the edit services (17, no cache; 25 runs them
 * with the AOT cache), {@code jdk25=DIR} ({@code /usr/lib/jvm/temurin-25-jdk-amd64}; {@code none} skips it),
 * {@code launcher=PATH} ({@code target/conclave}), {@code trivial=JAR} (the trivial app's
 * {@code quarkus-run.jar}, built when missing), {@code rules=DIR}, {@code project=FILE}, {@code temp-dir=DIR},
 * {@code keep-data}, {@code warm-up=on|off} ({@code conclave.rules.warm-up} of the services; on),
 * {@code incremental=on|off} ({@code conclave.rules.incremental}: an edit compiles the files it touched, or its whole
 * chapter; on), {@code edit=change|add} (change: each edit changes the chapter's largest file; add: each edit adds a
 * new file of one rule to the chapter, or of one function to {@code common/}, with the largest file's package and
 * imports; change), {@code service-jvm=A,B} (more JVM options for the services through the launcher, after its own:
 * for example a flight recording, {@code -XX:StartFlightRecording=filename=FILE} (no comma in an option); a later
 * service of the run writes the same file again).
 */
public final class StartupBenchmark {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration ACTIVE_TIMEOUT = Duration.ofSeconds(60);
    /** The longest a class cache's writing may take: the JDK 25 AOT cache takes ~6-10 s on two cores. */
    private static final Duration CACHE_WRITE = Duration.ofSeconds(180);
    private static final String TOKEN = "cv_bench_0123456789abcdef0123456789abcdef";
    private static final Pattern ACTIVE_LINE = Pattern.compile(
            "policy (\\w+) active \\((startup|put|file change|poll)[^)]*?, (\\d+) files, (\\d+) chapters, (\\d+) compiled here\\)");
    private static final Pattern CACHE_WARNING = Pattern.compile("\\[warning\\]\\[(aot|cds)");
    private static final String ONE_RULE = """
            package conclave.workflow;

            // The start-up benchmark's baseline: a policy of one rule that matches nothing.
            rule "Nothing to decide"
            when
                eval(false)
            then
            end
            """;

    private record Options(List<String> only, int rounds, int edits, List<String> chapters, String editJdk, Path jdk25,
                           Path launcher, Path trivial, Path rules, Path project, Path tempDir, boolean keepData,
                           boolean warmUp, boolean incremental, boolean addFiles, List<String> serviceJvm) {
        private static final List<String> NAMES = List.of("only", "rounds", "edits", "chapters", "edit-jdk", "jdk25",
                "launcher", "trivial", "rules", "project", "temp-dir", "keep-data", "warm-up",
                "incremental", "edit", "service-jvm");

        static Options parse(String[] args) {
            Map<String, String> o = new HashMap<>();
            for (String a : args) {
                if (!a.startsWith("--")) {
                    throw new IllegalArgumentException("unknown argument " + a + "; options: --" + String.join(", --", NAMES));
                }
                String[] kv = a.substring(2).split("=", 2);
                if (!NAMES.contains(kv[0])) {
                    throw new IllegalArgumentException("unknown option --" + kv[0] + "; options: --" + String.join(", --", NAMES));
                }
                o.put(kv[0], kv.length > 1 ? kv[1] : "true");
            }
            String jdk25 = o.getOrDefault("jdk25", "/usr/lib/jvm/temurin-25-jdk-amd64");
            Path rules = Path.of(o.getOrDefault("rules", "rules"));
            return new Options(List.of(o.getOrDefault("only", "starts,edits,cli").split(",")),
                    Integer.parseInt(o.getOrDefault("rounds", "3")), Integer.parseInt(o.getOrDefault("edits", "3")),
                    o.containsKey("chapters") ? List.of(o.get("chapters").split(",")) : chapters(rules),
                    o.getOrDefault("edit-jdk", "17"),
                    jdk25.equals("none") || !Files.isExecutable(Path.of(jdk25, "bin", "java")) ? null : Path.of(jdk25),
                    Path.of(o.getOrDefault("launcher", "target/conclave")).toAbsolutePath(),
                    Path.of(o.getOrDefault("trivial", "src/test/bench/trivial-app/target/quarkus-app/quarkus-run.jar"))
                            .toAbsolutePath(),
                    rules, Path.of(o.getOrDefault("project", "projects/healthcare_blockchain_compressed.json")),
                    Path.of(o.getOrDefault("temp-dir", System.getProperty("java.io.tmpdir"))),
                    o.containsKey("keep-data"), !o.getOrDefault("warm-up", "on").equals("off"),
                    !o.getOrDefault("incremental", "on").equals("off"), o.getOrDefault("edit", "change").equals("add"),
                    o.containsKey("service-jvm") ? List.of(o.get("service-jvm").split(",")) : List.of());
        }

        private static List<String> chapters(Path rules) {
            try (Stream<Path> s = Files.list(rules)) {
                return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot list " + rules + ": " + e.getMessage());
            }
        }
    }

    /**
     * One cold start: when it answered, its resident set at that moment, and (Conclave's starts) how long the first
     * command sent right then took to be answered, -1 where none was sent.
     */
    private record Start(long nanos, long residentBytes, long anonymousBytes, long firstCommandNanos) {
    }

    /** How one variant is started: its command and environment on a port, a data folder and a rules folder. */
    private interface Launch {
        PackagedService service(Path folder, int port);
    }

    /** A variant of the starts: its label, how to start it, whether it is Conclave (checked by its log). */
    private record Variant(String label, Launch launch, boolean conclave, List<Start> starts) {
        Variant(String label, Launch launch, boolean conclave) {
            this(label, launch, conclave, new ArrayList<>());
        }
    }

    private final Options opt;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> problems = new ArrayList<>();
    private final Path java17 = Path.of(System.getProperty("java.home"));
    private Path folder;
    private int edit;

    private StartupBenchmark(Options opt) {
        this.opt = opt;
    }

    public static void main(String[] args) throws Exception {
        Options opt;
        try {
            opt = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        if (!Files.isRegularFile(opt.launcher)) {
            System.err.println(opt.launcher + " is missing: run ./mvnw -q package -DskipTests first");
            System.exit(2);
        }
        System.exit(new StartupBenchmark(opt).execute());
    }

    private int execute() throws Exception {
        String loadAtStart = Latencies.loadAverage();
        folder = Files.createTempDirectory(opt.tempDir, "conclave-startup-");
        out("Conclave start-up benchmark: %s; JDKs %s and %s; parts %s", opt.launcher, java17,
                opt.jdk25 == null ? "(no JDK 25)" : opt.jdk25, String.join(", ", opt.only));
        try {
            if (opt.only.contains("starts")) {
                starts();
            }
            if (opt.only.contains("edits")) {
                edits();
            }
            if (opt.only.contains("cli")) {
                commandLine();
            }
        } catch (Failure f) {
            problems.add(f.getMessage());
        } finally {
            if (!opt.keepData) {
                ConversationWorkload.deleteTree(folder);
            }
        }
        out("machine: %d cores, Java %s, load average %s at start, %s at end", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), loadAtStart, Latencies.loadAverage());
        if (opt.keepData) {
            out("kept %s", folder);
        }
        if (!problems.isEmpty()) {
            out("");
            out("FAILED:");
            problems.forEach(p -> out("    %s", p));
            return 1;
        }
        return 0;
    }

    // ------------------------------------------------------------------------------------------------ starts

    private void starts() throws IOException, InterruptedException {
        Path shipped = copy(opt.rules, folder.resolve("rules-shipped"));
        Path oneRule = folder.resolve("rules-one");
        Files.createDirectories(oneRule.resolve("workflow"));
        Files.writeString(oneRule.resolve("workflow/nothing.drl"), ONE_RULE);
        Path trivial = trivialApp();
        Path cache17 = Files.createDirectories(folder.resolve("cache-17"));
        String v17 = System.getProperty("java.version");

        List<Variant> variants = new ArrayList<>();
        Variant trivial17 = add(variants, "trivial app, JDK " + v17, trivialLaunch(trivial, java17, null), false);
        Variant plain17 = add(variants, "shipped policy, JDK " + v17, launcher(java17, shipped, null), true);
        add(variants, "one-rule policy, JDK " + v17, launcher(java17, oneRule, null), true);
        Variant cached17 = add(variants, "shipped policy, JDK " + v17 + " + AppCDS", launcher(java17, shipped, cache17),
                true);
        Variant trivial25 = null;
        Variant trivial25cached = null;
        Variant plain25 = null;
        Variant cached25 = null;
        if (opt.jdk25 != null) {
            Path cache25 = Files.createDirectories(folder.resolve("cache-25"));
            Path trivialCache = folder.resolve("trivial-app.aot");
            String v25 = "25";
            trivial25 = add(variants, "trivial app, JDK " + v25, trivialLaunch(trivial, opt.jdk25, null), false);
            trivial25cached = add(variants, "trivial app, JDK " + v25 + " + AOT cache",
                    trivialLaunch(trivial, opt.jdk25, "-XX:AOTCache=" + trivialCache), false);
            plain25 = add(variants, "shipped policy, JDK " + v25, launcher(opt.jdk25, shipped, null), true);
            cached25 = add(variants, "shipped policy, JDK " + v25 + " + AOT cache", launcher(opt.jdk25, shipped, cache25),
                    true);
            add(variants, "one-rule policy, JDK " + v25 + " + AOT cache", launcher(opt.jdk25, oneRule, cache25), true);
            train("trivial app, JDK 25 AOT cache", trivialLaunch(trivial, opt.jdk25, "-XX:AOTCacheOutput=" + trivialCache),
                    false, trivialCache);
            // the service ends its recording two seconds after its start and says so: the cache holds what a
            // start loads, whatever the run does later
            train("Conclave, JDK 25 AOT cache, ended by the service", launcher(opt.jdk25,
                    copy(opt.rules, folder.resolve("rules-train-25")), cache25), false, cache25);
        }
        // without an edit: OpenJDK 17.0.15 crashes writing the archive after a chapter compile
        train("Conclave, JDK " + v17 + " AppCDS archive, no edit",
                launcher(java17, copy(opt.rules, folder.resolve("rules-train-17")), cache17), false, cache17);

        for (int round = 1; round <= opt.rounds; round++) {
            // the order rotates so that no variant always runs first on a cooler machine
            for (int i = 0; i < variants.size(); i++) {
                Variant v = variants.get((i + round - 1) % variants.size());
                v.starts.add(coldStart(v));
            }
            out("round %d of %d done", round, opt.rounds);
        }

        out("");
        out("cold start to /q/health/ready (launch to first 200), median [min .. max] of %d; resident set then"
                + " (its anonymous part: the rest is mapped files, a class cache's among them)", opt.rounds);
        for (Variant v : variants) {
            out("  %-44s %s   RSS %s (anon %.0f MB)", v.label, range(v.starts, Start::nanos), mb(v.starts),
                    median(v.starts, Start::anonymousBytes) / 1048576.0);
        }
        out("");
        out("the first command right at ready (POST /api/projects of %s), median [min .. max]; from the launch to its"
                + " answer", opt.project.getFileName());
        for (Variant v : variants) {
            if (v.conclave) {
                out("  %-44s %s   launch to answer %.2f s", v.label, range(v.starts, Start::firstCommandNanos),
                        median(v.starts, st -> st.nanos() + st.firstCommandNanos()) / 1e9);
            }
        }
        out("");
        ratio("shipped policy / trivial app, JDK 17, neither cached", plain17, trivial17);
        ratio("shipped policy with AppCDS / trivial app, JDK 17", cached17, trivial17);
        if (opt.jdk25 != null) {
            ratio("shipped policy / trivial app, JDK 25, neither cached", plain25, trivial25);
            ratio("shipped policy / trivial app, JDK 25, both AOT-cached", cached25, trivial25cached);
            ratio("shipped policy with AOT cache / trivial app uncached, JDK 25", cached25, trivial25);
            ratio("AOT cache / no cache, shipped policy, JDK 25", cached25, plain25);
        }
        ratio("AppCDS / no cache, shipped policy, JDK 17", cached17, plain17);
        Variant best = opt.jdk25 != null ? cached25 : cached17;
        double rss = median(best.starts, Start::residentBytes) / 1048576.0;
        double anonymous = median(best.starts, Start::anonymousBytes) / 1048576.0;
        double ratio = (double) median(best.starts, Start::nanos) / median(trivial17.starts, Start::nanos);
        out("  target, the launcher's start (%s) <= 1.5x the trivial app (JDK 17): %.2fx %s; RSS <= 150 MB: %.0f MB %s"
                + " (anonymous %.0f MB)", best.label, ratio, verdict(ratio <= 1.5), rss, verdict(rss <= 150), anonymous);
        out("");
    }

    private static Variant add(List<Variant> variants, String label, Launch launch, boolean conclave) {
        Variant v = new Variant(label, launch, conclave);
        variants.add(v);
        return v;
    }

    private void ratio(String what, Variant a, Variant b) {
        out("  %-62s %.2fx", what, (double) median(a.starts, Start::nanos) / median(b.starts, Start::nanos));
    }

    /**
     * The service through the launcher: {@code cache} null runs it with {@code CONCLAVE_AOT=off}, otherwise with
     * the launcher's cache in that folder.
     */
    private Launch launcher(Path jdk, Path rules, Path cache) {
        return (dir, port) -> {
            Map<String, String> env = new LinkedHashMap<>();
            env.put("JAVA_HOME", jdk.toString());
            // "on": the JDK 17 archive is not made by default (see the launcher)
            env.put("CONCLAVE_AOT", cache == null ? "off" : "on");
            if (cache != null) {
                env.put("CONCLAVE_AOT_DIR", cache.toString());
            }
            env.put("JAVA_OPTS", "-Dconclave.rules-dir=" + rules + " -Dconclave.load-projects-on-start=false"
                    + " -Dconclave.security.initial-admin-token=" + TOKEN + " -Dconclave.rules.warm-up=" + opt.warmUp
                    + " -Dconclave.rules.incremental=" + opt.incremental
                    + (opt.serviceJvm.isEmpty() ? "" : " " + String.join(" ", opt.serviceJvm)));
            return new PackagedService(List.of(opt.launcher.toString(), "serve", "--port=" + port,
                    "--data=" + dir.resolve("data")), env, dir, port);
        };
    }

    /** The trivial app with the launcher's heap bound, and {@code cacheOption} when given. */
    private static Launch trivialLaunch(Path jar, Path jdk, String cacheOption) {
        return (dir, port) -> {
            List<String> command = new ArrayList<>(List.of(jdk.resolve("bin/java").toString(), "-Xmx512m"));
            if (cacheOption != null) {
                command.add(cacheOption);
                command.add("-Xlog:aot=error");
            }
            command.addAll(List.of("-Dquarkus.http.port=" + port, "-jar", jar.toString()));
            return new PackagedService(command, Map.of(), dir, port);
        };
    }

    /** The trivial app's jar, built by Maven when missing. */
    private Path trivialApp() throws IOException, InterruptedException {
        if (!Files.isRegularFile(opt.trivial)) {
            out("building the trivial app (./mvnw -q -f src/test/bench/trivial-app/pom.xml package -DskipTests)");
            Process p = new ProcessBuilder("./mvnw", "-q", "-f", "src/test/bench/trivial-app/pom.xml", "package",
                    "-DskipTests").inheritIO().start();
            if (p.waitFor() != 0 || !Files.isRegularFile(opt.trivial)) {
                throw new Failure("the trivial app did not build");
            }
        }
        return opt.trivial;
    }

    /**
     * The recording run of a class cache, as a user's first start: start, (Conclave) one rule edit by PUT so the
     * compiler's classes are recorded too, stop, wait for the JVM to write the cache into {@code cache}.
     */
    private void train(String what, Launch launch, boolean edit, Path cache) throws IOException,
            InterruptedException {
        PackagedService s = launch.service(folder.resolve("train-" + edit()), PackagedService.freePort());
        long t0 = System.nanoTime();
        s.start();
        try {
            if (s.awaitAnswer(client, "/q/health/ready", "UP", READY_TIMEOUT, 10) < 0) {
                throw new Failure(what + ": the recording run did not start; its log:" + System.lineSeparator()
                        + s.logTail(30));
            }
            if (edit) {
                String file = "workflow/" + largestFile("workflow").getFileName();
                putFile(s, file, editedInside(current(s, file), "PUT by the start-up benchmark, " + edit()));
            }
            if (what.contains("ended by the service")) {
                awaitLine(s, CACHE_WRITTEN, CACHE_WRITE);
            }
        } finally {
            long stop = System.nanoTime();
            s.stop(!opt.keepData, CACHE_WRITE);
            long end = System.nanoTime();
            boolean written = Files.isDirectory(cache) ? list(cache).stream().anyMatch(f -> f.toString().endsWith(".aot")
                    || f.toString().endsWith(".jsa")) : Files.isRegularFile(cache);
            out("recorded %s: run %.1f s, exit (the JDK writing the cache) %.1f s, %s", what, (stop - t0) / 1e9,
                    (end - stop) / 1e9, written ? "written" : "NOT WRITTEN");
            if (!written) {
                problems.add(what + ": no cache written");
            }
        }
    }

    private Start coldStart(Variant v) {
        PackagedService service;
        try {
            service = v.launch.service(folder.resolve("start-" + edit()), PackagedService.freePort());
        } catch (IOException e) {
            throw new Failure("no free port: " + e.getMessage());
        }
        Thread hook = new Thread(() -> service.stop(false), "stop-service");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            service.start();
            long answered = service.awaitAnswer(client, "/q/health/ready", "UP", READY_TIMEOUT, 10);
            if (answered < 0) {
                throw new Failure(v.label + ": not ready within " + READY_TIMEOUT.toSeconds() + " s; its log:"
                        + System.lineSeparator() + service.logTail(30));
            }
            long rss = service.residentBytes();
            long anonymous = service.anonymousBytes();
            if (v.conclave) {
                Matcher m = activeLine(service, "startup");
                if (!m.group(5).equals("0") && v.label.startsWith("shipped")) {
                    throw new Failure(v.label + ": the shipped policy should start prebuilt, the log says " + m.group());
                }
            }
            for (String line : service.logLines()) {
                if (CACHE_WARNING.matcher(line).find()) {
                    throw new Failure(v.label + ": the JDK warned about its class cache: " + line);
                }
            }
            return new Start(answered - service.startedNanos(), rss, anonymous, v.conclave ? firstCommand(service) : -1);
        } catch (IOException e) {
            throw new Failure(v.label + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure(v.label + ": interrupted");
        } finally {
            service.stop(!opt.keepData);
            Runtime.getRuntime().removeShutdownHook(hook);
        }
    }

    // ------------------------------------------------------------------------------------------------ edits

    private void edits() throws IOException, InterruptedException {
        boolean on25 = opt.editJdk.equals("25");
        if (on25 && opt.jdk25 == null) {
            throw new Failure("--edit-jdk=25 needs a JDK 25 (--jdk25=DIR)");
        }
        Path jdk = on25 ? opt.jdk25 : java17;
        Path cache = null;
        if (on25) {
            cache = Files.createDirectories(folder.resolve("cache-edits"));
            train("Conclave, JDK 25 AOT cache for the edit services, with a rule edit",
                    launcher(jdk, copy(opt.rules, folder.resolve("rules-train")), cache), true, cache);
        }
        out("");
        out("rule edits (%s), each on fresh services (JDK %s, %s, %s): a file written on disk until its POLICY_ACTIVATED event "
                + "arrives (the watcher's quiet time included); a PUT until answered (the version active); "
                + "first after the start and median [max] of the %d later; RSS after the start -> after the edits",
                opt.addFiles ? "each adds a file" : "each changes the largest file", on25 ? "25" : System.getProperty("java.version"), on25 ? "AOT cache" : "no cache",
                opt.incremental ? "the touched files compiled" : "whole chapters compiled", opt.edits - 1);
        out("  %-14s %-28s %9s %16s %9s %16s   %s", "chapter", "file", "1st edit", "later edits", "1st PUT", "later PUTs",
                "RSS");
        double worstFirst = 0;
        double worstLater = 0;
        double worstPut = 0;
        for (String chapter : opt.chapters) {
            Path file = largestFile(chapter);
            String largest = chapter + "/" + file.getFileName();
            String header = header(file);
            Latencies[] disk = {new Latencies(), new Latencies()};
            Latencies[] puts = {new Latencies(), new Latencies()};
            Latencies[] reads = {new Latencies(), new Latencies()};
            long[] rss = new long[2];
            long[] warm = {-1, -1};
            Path rules = copy(opt.rules, folder.resolve("rules-edit-" + edit()));
            onService(launcher(jdk, rules, cache), s -> {
                warm[0] = awaitWarmUp(s);
                rss[0] = s.residentBytes();
                try (Activations activations = new Activations(s)) {
                    for (int i = 0; i < opt.edits; i++) {
                        long t0 = System.nanoTime();
                        String relative = opt.addFiles ? writeAdded(rules, chapter, header) : largest;
                        if (!opt.addFiles) {
                            appendEdit(rules.resolve(relative));
                        }
                        disk[i == 0 ? 0 : 1].add(activations.next(s, relative) - t0);
                    }
                }
                rss[1] = s.residentBytes();
            });
            Path rules2 = copy(opt.rules, folder.resolve("rules-put-" + edit()));
            onService(launcher(jdk, rules2, cache), s -> {
                warm[1] = awaitWarmUp(s);
                for (int i = 0; i < opt.edits; i++) {
                    if (opt.addFiles) {
                        Added added = added(chapter, header);
                        long t0 = System.nanoTime();
                        putFile(s, added.name(), added.content());
                        puts[i == 0 ? 0 : 1].add(System.nanoTime() - t0);
                    } else {
                        // the file as it is now, read first and timed apart: the target is the PUT's (the first read
                        // after a start pays the REST layer's first GET of a rule file, which no edit needs)
                        long g0 = System.nanoTime();
                        String current = current(s, largest);
                        reads[i == 0 ? 0 : 1].add(System.nanoTime() - g0);
                        long t0 = System.nanoTime();
                        putFile(s, largest, editedInside(current, "PUT by the start-up benchmark, " + edit()));
                        puts[i == 0 ? 0 : 1].add(System.nanoTime() - t0);
                    }
                }
            });
            out("  %-14s %-28s %8.2fs %7.2fs [%5.2f] %8.2fs %7.2fs [%5.2f]   %.0f -> %.0f MB%s", chapter,
                    opt.addFiles ? "(a new file each edit)" : file.getFileName(), disk[0].median() / 1e6, disk[1].median() / 1e6, disk[1].max() / 1e6,
                    puts[0].median() / 1e6, puts[1].median() / 1e6, puts[1].max() / 1e6, rss[0] / 1048576.0,
                    rss[1] / 1048576.0, opt.warmUp ? String.format("   warm-up %.1f s, %.1f s", warm[0] / 1e3,
                            warm[1] / 1e3) : "");
            if (reads[0].count() > 0) {
                out("  %-14s the file read before each PUT (GET, not in the PUT's time): first %.2fs, later %.2fs "
                        + "[%.2f]",
                        "", reads[0].median() / 1e6, reads[1].median() / 1e6, reads[1].max() / 1e6);
            }
            worstFirst = Math.max(worstFirst, disk[0].max() / 1e6);
            worstLater = Math.max(worstLater, disk[1].max() / 1e6);
            worstPut = Math.max(Math.max(worstPut, puts[0].max() / 1e6), puts[1].max() / 1e6);
        }
        out("  targets: first edit <= 2 s: worst %.2f s %s; later edits <= 1 s: worst %.2f s %s; PUT <= 1 s: worst "
                        + "%.2f s %s", worstFirst, verdict(worstFirst <= 2), worstLater, verdict(worstLater <= 1),
                worstPut, verdict(worstPut <= 1));
        out("");
    }

    private static final Pattern CACHE_WRITTEN = Pattern.compile("the class cache for later starts is written");

    /** Waits until the service's log has a line {@code line} finds, or fails. */
    private static void awaitLine(PackagedService service, Pattern line, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (service.logLines().stream().anyMatch(l -> line.matcher(l).find())) {
                return;
            }
            Thread.sleep(100);
        }
        throw new Failure("the service's log never said '" + line.pattern() + "'; its log:" + System.lineSeparator()
                + service.logTail(30));
    }

    private static final Pattern WARM_LINE = Pattern.compile("the policy compiler is warm: compiled chapter \\w+ in (\\d+) ms");

    /**
     * With the warm-up on: waits for the service's log to say its compiler is warm (the edits are then timed as a user
     * who edits a few seconds after a start sees them) and answers how long the warm-up took, in milliseconds.
     */
    private long awaitWarmUp(PackagedService service) throws InterruptedException {
        if (!opt.warmUp) {
            return -1;
        }
        long deadline = System.nanoTime() + ACTIVE_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : service.logLines()) {
                Matcher m = WARM_LINE.matcher(line);
                if (m.find()) {
                    return Long.parseLong(m.group(1));
                }
            }
            Thread.sleep(50);
        }
        throw new Failure("the service did not log that its compiler is warm; its log:" + System.lineSeparator()
                + service.logTail(30));
    }

    /** Starts a service, waits until it is ready, runs {@code step} on it, stops it. */
    private void onService(Launch launch, ServiceStep step) throws IOException, InterruptedException {
        PackagedService s = launch.service(folder.resolve("edit-" + edit()), PackagedService.freePort());
        Thread hook = new Thread(() -> s.stop(false), "stop-service");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            s.start();
            if (s.awaitAnswer(client, "/q/health/ready", "UP", READY_TIMEOUT, 10) < 0) {
                throw new Failure("the service did not start; its log:" + System.lineSeparator() + s.logTail(30));
            }
            step.run(s);
        } finally {
            s.stop(!opt.keepData);
            Runtime.getRuntime().removeShutdownHook(hook);
        }
    }

    /** PUT of the file with one more comment line in its last rule or function, answered once the new version is active. */
    /**
     * The first command right at ready, as a client that was waiting for readiness sends it: the example project
     * ({@code --project}) created by {@code POST /api/projects}; nanoseconds until its 201. What a start defers to
     * its first seconds (the request validator, docs/operations.md#start-up) shows here.
     */
    private long firstCommand(PackagedService service) throws IOException, InterruptedException {
        HttpRequest post = authorized(service.base().resolve("/api/projects")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Files.readString(opt.project))).build();
        long t0 = System.nanoTime();
        HttpResponse<String> r = client.send(post, HttpResponse.BodyHandlers.ofString());
        long took = System.nanoTime() - t0;
        if (r.statusCode() != 201) {
            throw new Failure("the first command, POST /api/projects, answered " + r.statusCode() + ": " + r.body());
        }
        return took;
    }

    /** The rule file {@code relative} as the service has it now ({@code GET /api/rules/...}). */
    private String current(PackagedService service, String relative) throws IOException, InterruptedException {
        URI uri = service.base().resolve("/api/rules/" + relative);
        HttpResponse<String> current = client.send(authorized(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (current.statusCode() != 200) {
            throw new Failure("GET " + uri + " answered " + current.statusCode() + ": " + current.body());
        }
        return current.body();
    }

    /** PUT of {@code content} as the file {@code relative}, answered once the new version is active. */
    private void putFile(PackagedService service, String relative, String content) throws IOException,
            InterruptedException {
        URI uri = service.base().resolve("/api/rules/" + relative);
        HttpRequest put = authorized(uri).timeout(ACTIVE_TIMEOUT).header("Content-Type", "text/plain")
                .PUT(HttpRequest.BodyPublishers.ofString(content)).build();
        HttpResponse<String> r = client.send(put, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new Failure("PUT " + uri + " answered " + r.statusCode() + ": " + r.body());
        }
    }

    private static HttpRequest.Builder authorized(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + TOKEN);
    }

    /**
     * The service's event stream, read on its own thread: when each {@code POLICY_ACTIVATED} event arrived. An
     * event pushed at activation costs the service nothing while it compiles, where polling {@code GET
     * /api/rules} (which hashes the rules folder, about 16 ms of CPU a call) every 10 ms took most of a core from
     * the compile it was timing.
     */
    private final class Activations implements AutoCloseable {
        private final java.util.concurrent.BlockingQueue<Long> arrivals = new java.util.concurrent.LinkedBlockingQueue<>();
        private final java.util.concurrent.CompletableFuture<HttpResponse<Stream<String>>> response;

        Activations(PackagedService service) throws IOException, InterruptedException {
            HttpRequest request = HttpRequest.newBuilder(service.base().resolve("/api/events"))
                    .header("Authorization", "Bearer " + TOKEN).header("Accept", "text/event-stream").GET().build();
            response = client.sendAsync(request, HttpResponse.BodyHandlers.ofLines());
            HttpResponse<Stream<String>> r;
            try {
                r = response.get(10, TimeUnit.SECONDS); // the headers: the stream is open before the first edit
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new Failure("GET /api/events: " + e);
            }
            if (r.statusCode() != 200) {
                throw new Failure("GET /api/events answered " + r.statusCode());
            }
            Thread reader = new Thread(() -> {
                try {
                    r.body().forEach(line -> {
                        if (line.equals("event:POLICY_ACTIVATED")) {
                            arrivals.add(System.nanoTime());
                        }
                    });
                } catch (RuntimeException e) {
                    // the stream was closed
                }
            }, "policy-events");
            reader.setDaemon(true);
            reader.start();
        }

        /** The {@link System#nanoTime()} of the next activation. */
        long next(PackagedService service, String file) throws InterruptedException {
            Long at = arrivals.poll(ACTIVE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (at == null) {
                throw new Failure("an edit of " + file + " was not active within " + ACTIVE_TIMEOUT.toSeconds()
                        + " s; the end of the service's log:" + System.lineSeparator() + service.logTail(30));
            }
            return at;
        }

        @Override
        public void close() {
            response.thenAccept(r -> r.body().close());
        }
    }

    /** The chapter's largest file: the most to compile if compiling were by file. */
    private Path largestFile(String chapter) throws IOException {
        return list(opt.rules.resolve(chapter)).stream().filter(p -> p.toString().endsWith(".drl"))
                .max(Comparator.comparingLong(StartupBenchmark::size).thenComparing(Comparator.naturalOrder()))
                .orElseThrow(() -> new Failure("no .drl file in " + opt.rules.resolve(chapter)));
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    // ------------------------------------------------------------------------------------------------ cli

    private void commandLine() {
        Path shipped = copy(opt.rules, folder.resolve("rules-cli"));
        Latencies cli = new Latencies();
        Latencies baseline = new Latencies();
        for (int round = 0; round < opt.rounds; round++) {
            baseline.add(launcherCommand(List.of("run", "--help")));
            cli.add(launcherCommand(List.of("run", "--rules", shipped.toString(), opt.project.toString())));
        }
        out("command line through the launcher, wall clock of the whole process: run %s: median %.2f s [%.2f .. "
                        + "%.2f]; run --help (baseline): %.2f s; %.2fx", opt.project.getFileName(), cli.median() / 1e6,
                cli.min() / 1e6, cli.max() / 1e6, baseline.median() / 1e6, cli.median() / baseline.median());
        out("  target <= 2.5 s: %s", verdict(cli.median() <= 2.5e6));
        out("");
    }

    /** Wall-clock time of {@code target/conclave ARGS} on the benchmark's JDK, which must exit 0. */
    private long launcherCommand(List<String> args) {
        List<String> command = new ArrayList<>(List.of(opt.launcher.toString()));
        command.addAll(args);
        try {
            Path log = folder.resolve("cli-" + edit() + ".log");
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("JAVA_HOME", java17.toString());
            long t0 = System.nanoTime();
            Process p = pb.start();
            if (!p.waitFor(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new Failure(String.join(" ", args) + ": did not end within " + READY_TIMEOUT.toSeconds() + " s");
            }
            long wall = System.nanoTime() - t0;
            if (p.exitValue() != 0) {
                throw new Failure(String.join(" ", args) + ": exit " + p.exitValue() + ":" + System.lineSeparator()
                        + Files.readString(log));
            }
            return wall;
        } catch (IOException e) {
            throw new Failure(String.join(" ", args) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted");
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** The service's last "policy ... active (trigger ...)" log line. */
    private Matcher activeLine(PackagedService service, String trigger) {
        Matcher found = null;
        for (String line : service.logLines()) {
            Matcher m = ACTIVE_LINE.matcher(line);
            if (m.find() && m.group(2).equals(trigger)) {
                found = m;
            }
        }
        if (found == null) {
            throw new Failure("the service's log has no 'policy ... active (" + trigger + ", ...)' line; its end:"
                    + System.lineSeparator() + service.logTail(30));
        }
        return found;
    }

    /** The package and import lines of a rule file: a file added with them brings the package nothing new. */
    private static String header(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .filter(l -> l.startsWith("package ") || l.startsWith("import ")).collect(Collectors.joining("\n"));
    }

    /** A file added by an edit: its name inside the rules folder and its text. */
    private record Added(String name, String content) {
    }

    /** A new file for {@code chapter}: one rule that matches nothing, or in {@code common/} one function. */
    private Added added(String chapter, String header) {
        int id = edit();
        String name = chapter + "/bench_added_" + id + ".drl";
        return new Added(name, header + "\n\n" + (chapter.equals("common")
                ? "function int benchAdded" + id + "() {\n    return " + id + ";\n}\n"
                : "rule \"Added by the start-up benchmark " + id + "\"\nwhen\n    String( this == \"" + name
                        + "\" )\nthen\nend\n"));
    }

    /** Writes a new file into the chapter's folder of {@code rules}; its name inside the rules folder. */
    private String writeAdded(Path rules, String chapter, String header) {
        Added added = added(chapter, header);
        try {
            Files.writeString(rules.resolve(added.name()), added.content(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new Failure("cannot write " + added.name() + ": " + e.getMessage());
        }
        return added.name();
    }

    private void appendEdit(Path file) {
        try {
            Files.writeString(file, editedInside(Files.readString(file, StandardCharsets.UTF_8), "edited by the start-up "
                    + "benchmark, " + edit()), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new Failure("cannot edit " + file + ": " + e.getMessage());
        }
    }

    /**
     * The file with a comment line put inside its last rule or function (before the last line that is {@code end} or
     * a closing brace at the start of a line): that rule's or function's text changes, so the edit compiles what an
     * edit of it compiles (the file's rules, and for a function the rules that call it), where a comment after the
     * last definition would change nothing a compile sees.
     */
    static String editedInside(String content, String comment) {
        List<String> lines = new ArrayList<>(List.of(content.split("\n", -1)));
        for (int i = lines.size() - 1; i >= 0; i--) {
            String line = lines.get(i).stripTrailing();
            if (line.equals("end") || line.equals("}")) {
                lines.add(i, "    // " + comment);
                return String.join("\n", lines);
            }
        }
        return content + "\n// " + comment + "\n";
    }

    /** A number distinct for every edit and every service of the run. */
    private int edit() {
        return ++edit;
    }

    private static Path copy(Path from, Path to) {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.sorted(Comparator.naturalOrder()).toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        } catch (IOException e) {
            throw new Failure("cannot copy " + from + " to " + to + ": " + e.getMessage());
        }
        return to.toAbsolutePath().normalize();
    }

    private interface ServiceStep {
        void run(PackagedService service) throws IOException, InterruptedException;
    }

    private static long median(List<Start> starts, java.util.function.ToLongFunction<Start> value) {
        long[] v = starts.stream().mapToLong(value).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static String range(List<Start> starts, java.util.function.ToLongFunction<Start> value) {
        long[] v = starts.stream().mapToLong(value).sorted().toArray();
        return Latencies.format("%.2f s [%.2f .. %.2f]", median(starts, value) / 1e9, v[0] / 1e9, v[v.length - 1] / 1e9);
    }

    private static String mb(List<Start> starts) {
        return Latencies.format("%.0f MB", median(starts, Start::residentBytes) / 1048576.0);
    }

    private static String verdict(boolean met) {
        return met ? "met" : "MISSED";
    }

    private static void out(String format, Object... args) {
        System.out.println(Latencies.format(format, args));
    }

    /** Something that makes the figures meaningless: the run stops and says what. */
    private static final class Failure extends RuntimeException {
        Failure(String message) {
            super(message);
        }
    }
}
