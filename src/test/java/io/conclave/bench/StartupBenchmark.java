package io.conclave.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.conclave.model.Json;

/**
 * The start-up benchmark: a command, not a test. It runs the packaged application
 * ({@code target/quarkus-app/quarkus-run.jar}) as child processes, each with a fresh data folder and its own copy
 * of the policy, and measures, round after round in the same run:
 * <ol>
 * <li>cold start to first answer (the first 200 of {@code GET /api/rules}, polled every 10 ms from the moment the
 * process is launched) and the resident set size at that moment, for three policies: the shipped rules, equal to
 * the ones built into the application (so every chapter starts prebuilt); the shipped rules with one file edited
 * (its chapter is compiled at start); and, as the baseline, a one-rule policy;</li>
 * <li>on a service started with its own copy of the shipped rules: the time from writing an edited file into its
 * rules folder to {@code GET /api/rules} naming a new version (the watcher's quiet time included), the first edit
 * after the start and then the rest;</li>
 * <li>on the same service: the time of a {@code PUT /api/rules/{chapter}/{file}} of one file, answered once the new
 * version is active;</li>
 * <li>the command-line mode on the compressed example project, wall-clock time of the whole process, against
 * {@code run --help} (the JVM and the jar, no policy) as its baseline.</li>
 * </ol>
 * Each edit appends a distinct comment line: the file's hash changes, so its chapter is compiled as any edit is.
 * Each started service's log must say how many chapters it compiled (none for the shipped rules, one for the
 * edited ones); otherwise the figures would measure something else, and the command exits 1.
 *
 * <pre>
 * ./mvnw -q package -DskipTests &amp;&amp; ./mvnw -q test-compile exec:exec@benchmark-startup
 * ./mvnw -q test-compile exec:exec@benchmark-startup -Dbench.args="--rounds=5 --file=meetings/meetings.drl"
 * </pre>
 *
 * Options (two leading dashes): {@code rounds=N} (3), {@code edits=N} edits and PUTs per round (3),
 * {@code file=CHAPTER/FILE.drl} the file edited ({@code execution/management_meetings.drl}, the largest),
 * {@code server-heap=SIZE} ({@code -Xmx} of the service; default none, as a user starts it), {@code jar=PATH},
 * {@code rules=DIR} (rules), {@code project=FILE} (the compressed example), {@code temp-dir=DIR},
 * {@code keep-data}.
 */
public final class StartupBenchmark {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration ACTIVE_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern ACTIVE_LINE = Pattern.compile(
            "policy (\\w+) active \\((startup|put|file change|poll)[^)]*?, (\\d+) files, (\\d+) chapters, (\\d+) compiled here\\)");
    private static final String ONE_RULE = """
            package conclave.workflow;

            // The start-up benchmark's baseline: a policy of one rule that matches nothing.
            rule "Nothing to decide"
            when
                eval(false)
            then
            end
            """;

    private record Options(int rounds, int edits, String file, String serverHeap, Path jar, Path rules, Path project,
                           Path tempDir, boolean keepData) {
        private static final List<String> NAMES = List.of("rounds", "edits", "file", "server-heap", "jar", "rules",
                "project", "temp-dir", "keep-data");

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
            return new Options(Integer.parseInt(o.getOrDefault("rounds", "3")),
                    Integer.parseInt(o.getOrDefault("edits", "3")),
                    o.getOrDefault("file", "execution/management_meetings.drl"), o.get("server-heap"),
                    Path.of(o.getOrDefault("jar", "target/quarkus-app/quarkus-run.jar")),
                    Path.of(o.getOrDefault("rules", "rules")),
                    Path.of(o.getOrDefault("project", "projects/healthcare_blockchain_compressed.json")),
                    Path.of(o.getOrDefault("temp-dir", System.getProperty("java.io.tmpdir"))),
                    o.containsKey("keep-data"));
        }
    }

    /** One cold start: when it answered, its resident set at that moment, what its log said it compiled. */
    private record Start(long nanos, long residentBytes, int chapters, int compiled) {
    }

    private final Options opt;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> problems = new ArrayList<>();
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
        if (!Files.isRegularFile(opt.jar)) {
            System.err.println(opt.jar + " is missing: run ./mvnw -q package -DskipTests first");
            System.exit(2);
        }
        System.exit(new StartupBenchmark(opt).execute());
    }

    private int execute() throws Exception {
        String loadAtStart = Latencies.loadAverage();
        folder = Files.createTempDirectory(opt.tempDir, "conclave-startup-");
        out("Conclave start-up benchmark: %s, %d rounds, the edited file %s, service heap %s", opt.jar, opt.rounds,
                opt.file, opt.serverHeap == null ? "the JVM's default" : "-Xmx" + opt.serverHeap);
        Path shipped = copy(opt.rules, folder.resolve("rules-shipped"));
        Path edited = copy(opt.rules, folder.resolve("rules-edited"));
        appendEdit(edited.resolve(opt.file));
        Path oneRule = folder.resolve("rules-one");
        Files.createDirectories(oneRule.resolve("workflow"));
        Files.writeString(oneRule.resolve("workflow/nothing.drl"), ONE_RULE);

        List<Start> built = new ArrayList<>();
        List<Start> changed = new ArrayList<>();
        List<Start> baseline = new ArrayList<>();
        Latencies firstEdit = new Latencies();
        Latencies laterEdits = new Latencies();
        Latencies firstPut = new Latencies();
        Latencies laterPuts = new Latencies();
        Latencies cli = new Latencies();
        Latencies cliBaseline = new Latencies();
        try {
            for (int round = 1; round <= opt.rounds; round++) {
                // the order rotates so that no variant always runs first on a cooler machine
                List<Runnable> steps = List.of(
                        () -> baseline.add(coldStart("baseline-" + edit(), oneRule, null)),
                        () -> changed.add(coldStart("edited-" + edit(), edited, null)),
                        () -> built.add(coldStart("shipped-" + edit(), shipped, null)),
                        () -> {
                            Path rules = copy(opt.rules, folder.resolve("rules-live-" + edit()));
                            built.add(coldStart("live-" + edit(), rules,
                                    s -> editsAndPuts(s, rules, firstEdit, laterEdits, firstPut, laterPuts)));
                        },
                        () -> {
                            cliBaseline.add(commandLine(List.of("run", "--help"), 0));
                            cli.add(commandLine(List.of("run", "--rules", shipped.toString(), opt.project.toString()), 0));
                        });
                for (int i = 0; i < steps.size(); i++) {
                    steps.get((i + round - 1) % steps.size()).run();
                }
                out("round %d of %d done", round, opt.rounds);
            }
        } catch (Failure f) {
            problems.add(f.getMessage());
        } finally {
            if (!opt.keepData) {
                ConversationWorkload.deleteTree(folder);
            }
        }
        if (!problems.isEmpty()) {
            out("");
            out("FAILED:");
            problems.forEach(p -> out("    %s", p));
            return 1;
        }
        report(built, changed, baseline, firstEdit, laterEdits, firstPut, laterPuts, cli, cliBaseline);
        out("machine: %d cores, Java %s, load average %s at start, %s at end", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), loadAtStart, Latencies.loadAverage());
        if (opt.keepData) {
            out("kept %s", folder);
        }
        return 0;
    }

    private void report(List<Start> built, List<Start> changed, List<Start> baseline, Latencies firstEdit,
                        Latencies laterEdits, Latencies firstPut, Latencies laterPuts, Latencies cli,
                        Latencies cliBaseline) {
        Start b = built.get(0);
        Start c = changed.get(0);
        Start one = baseline.get(0);
        out("");
        out("cold start to first answer (GET /api/rules), median [min .. max] of %d, %d and %d starts; resident set "
                + "at that moment", built.size(), changed.size(), baseline.size());
        double builtS = median(built, Start::nanos) / 1e9;
        double baseS = median(baseline, Start::nanos) / 1e9;
        out("  %-46s %s   RSS %s", "shipped rules (" + b.chapters + " chapters, " + b.compiled + " compiled)",
                range(built, Start::nanos), mb(built));
        out("  %-46s %s   RSS %s", "one file edited (" + c.chapters + " chapters, " + c.compiled + " compiled)",
                range(changed, Start::nanos), mb(changed));
        out("  %-46s %s   RSS %s", "baseline: one-rule policy (" + one.compiled + " compiled)",
                range(baseline, Start::nanos), mb(baseline));
        out("  shipped / baseline: %.2fx; target <= 1.5 s and <= 1.5x: %s", builtS / baseS,
                verdict(builtS <= 1.5 && builtS / baseS <= 1.5));
        double rss = median(built, Start::residentBytes) / 1048576.0;
        out("  resident set after start with the shipped rules: %.0f MB; target <= 250 MB: %s", rss, verdict(rss <= 250));
        out("");
        out("");
        out("one edited file (%s) active after it was written, watcher's quiet time included", opt.file);
        out("  first edit after start: median %.2f s [%.2f .. %.2f]; later edits: median %.2f s [%.2f .. %.2f] (%d)",
                firstEdit.median() / 1e6, firstEdit.min() / 1e6, firstEdit.max() / 1e6, laterEdits.median() / 1e6,
                laterEdits.min() / 1e6, laterEdits.max() / 1e6, laterEdits.count());
        out("  target <= 2 s: %s", verdict(firstEdit.max() <= 2e6 && laterEdits.max() <= 2e6));
        out("PUT /api/rules/%s answered (the new version active)", opt.file);
        out("  first PUT after start: median %.2f s [%.2f .. %.2f]; later PUTs: median %.2f s [%.2f .. %.2f] (%d)",
                firstPut.median() / 1e6, firstPut.min() / 1e6, firstPut.max() / 1e6, laterPuts.median() / 1e6,
                laterPuts.min() / 1e6, laterPuts.max() / 1e6, laterPuts.count());
        out("  target <= 1.5 s: %s", verdict(firstPut.max() <= 1.5e6 && laterPuts.max() <= 1.5e6));
        out("");
        out("command line, wall clock of the whole process: run %s: median %.2f s [%.2f .. %.2f]; run --help "
                        + "(baseline): %.2f s; %.2fx", opt.project.getFileName(), cli.median() / 1e6, cli.min() / 1e6,
                cli.max() / 1e6, cliBaseline.median() / 1e6, cli.median() / cliBaseline.median());
        out("  target <= 2.5 s: %s", verdict(cli.median() <= 2.5e6));
    }

    /** Starts the service on {@code rules}, times its first answer, runs {@code then} on it, stops it. */
    private Start coldStart(String name, Path rules, ServiceStep then) {
        List<String> jvm = new ArrayList<>();
        if (opt.serverHeap != null) {
            jvm.add("-Xmx" + opt.serverHeap);
        }
        jvm.add("-Dconclave.rules-dir=" + rules);
        jvm.add("-Dconclave.load-projects-on-start=false");
        PackagedService service;
        try {
            service = new PackagedService(opt.jar, folder.resolve(name), PackagedService.freePort(), jvm);
        } catch (IOException e) {
            throw new Failure("no free port: " + e.getMessage());
        }
        Thread hook = new Thread(() -> service.stop(false), "stop-conclave");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            service.start();
            long answered = service.awaitAnswer(client, "/api/rules", "\"active_version\"", READY_TIMEOUT, 10);
            if (answered < 0) {
                throw new Failure(name + ": no answer within " + READY_TIMEOUT.toSeconds() + " s; the end of its log:"
                        + System.lineSeparator() + service.logTail(30));
            }
            long rss = service.residentBytes();
            Matcher m = activeLine(service, "startup");
            if (then != null) {
                then.run(service);
            }
            return new Start(answered - service.startedNanos(), rss, Integer.parseInt(m.group(4)),
                    Integer.parseInt(m.group(5)));
        } catch (IOException e) {
            throw new Failure(name + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure(name + ": interrupted");
        } finally {
            service.stop(!opt.keepData);
            Runtime.getRuntime().removeShutdownHook(hook);
        }
    }

    /** The service's last "policy ... active (trigger ...)" log line, checked against what the variant expects. */
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

    /** On a service started with {@code rules}: edits of the file on disk, then PUTs of it, each timed. */
    private void editsAndPuts(PackagedService service, Path rules, Latencies firstEdit, Latencies laterEdits,
                              Latencies firstPut, Latencies laterPuts) throws IOException, InterruptedException {
        Path file = rules.resolve(opt.file);
        for (int i = 0; i < opt.edits; i++) {
            String before = version(service);
            long t0 = System.nanoTime();
            appendEdit(file);
            long active = awaitVersionOtherThan(service, before);
            (i == 0 ? firstEdit : laterEdits).add(active - t0);
        }
        URI uri = service.base().resolve("/api/rules/" + opt.file);
        for (int i = 0; i < opt.edits; i++) {
            String content = Files.readString(file) + "// PUT by the start-up benchmark, " + edit() + "\n";
            HttpRequest put = HttpRequest.newBuilder(uri).timeout(ACTIVE_TIMEOUT)
                    .header("Content-Type", "text/plain").header("X-Conclave-Actor", "startup-benchmark")
                    .PUT(HttpRequest.BodyPublishers.ofString(content)).build();
            long t0 = System.nanoTime();
            HttpResponse<String> r = client.send(put, HttpResponse.BodyHandlers.ofString());
            long t1 = System.nanoTime();
            // one compile runs at a time: a PUT that meets the watcher's compile (of the last edit on disk)
            // is answered 429; wait as Retry-After says and time the attempt that compiles
            for (int retry = 0; r.statusCode() == 429 && retry < 30; retry++) {
                Thread.sleep(1000L * Long.parseLong(r.headers().firstValue("Retry-After").orElse("1")));
                t0 = System.nanoTime();
                r = client.send(put, HttpResponse.BodyHandlers.ofString());
                t1 = System.nanoTime();
            }
            if (r.statusCode() != 200) {
                throw new Failure("PUT " + uri + " answered " + r.statusCode() + ": " + r.body());
            }
            (i == 0 ? firstPut : laterPuts).add(t1 - t0);
        }
    }

    private String version(PackagedService service) throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(service.base().resolve("/api/rules"))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        String version = Json.MAPPER.readTree(r.body()).path("active_version").asText();
        if (r.statusCode() != 200 || version.isEmpty()) {
            throw new Failure("GET /api/rules answered " + r.statusCode() + " without an active version: " + r.body());
        }
        return version;
    }

    /** Polls {@code GET /api/rules} every 10 ms; the {@link System#nanoTime()} at which it named another version. */
    private long awaitVersionOtherThan(PackagedService service, String before) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + ACTIVE_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!version(service).equals(before)) {
                return System.nanoTime();
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
        throw new Failure("an edit of " + opt.file + " was not active within " + ACTIVE_TIMEOUT.toSeconds()
                + " s; the end of the service's log:" + System.lineSeparator() + service.logTail(30));
    }

    /** Wall-clock time of {@code java -jar quarkus-run.jar ARGS}, which must exit with {@code expected}. */
    private long commandLine(List<String> args, int expected) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (opt.serverHeap != null) {
            command.add("-Xmx" + opt.serverHeap);
        }
        command.add("-jar");
        command.add(opt.jar.toAbsolutePath().toString());
        command.addAll(args);
        try {
            Path log = folder.resolve("cli-" + edit() + ".log");
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new Failure(String.join(" ", args) + ": did not end within " + READY_TIMEOUT.toSeconds() + " s");
            }
            long wall = System.nanoTime() - t0;
            if (p.exitValue() != expected) {
                throw new Failure(String.join(" ", args) + ": exit " + p.exitValue() + ", expected " + expected + ":"
                        + System.lineSeparator() + Files.readString(log));
            }
            return wall;
        } catch (IOException e) {
            throw new Failure(String.join(" ", args) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure("interrupted");
        }
    }

    private void appendEdit(Path file) {
        try {
            Files.writeString(file, "// edited by the start-up benchmark, " + edit() + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new Failure("cannot edit " + file + ": " + e.getMessage());
        }
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
