package io.conclave.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.conclave.engine.owner.JournaledRuntime;
import io.conclave.engine.policy.Policy;
import io.conclave.engine.policy.PolicySource;
import io.conclave.engine.project.ProjectListing;
import io.conclave.engine.project.ProjectRegistry;
import io.conclave.engine.project.ProjectRuntime;
import io.conclave.engine.RulesFixture;
import io.conclave.model.Json;
import io.conclave.model.ProjectSpec;
import io.conclave.model.command.SendInterrupt;

/**
 * How many live projects one node holds: N copies of the 12-task example (each its own id, session and journal)
 * created in one registry and left idle; then the heap they hold (after full collections), one pass of the
 * periodic tick over all of them, and a restart of the registry (every journal replayed) timed the same way.
 * <p>
 * Baselines in the same run: the same N definitions written as one forced line each in their own folders (the disk's
 * floor for a creation), read back and parsed (the floor for a recovery), and the heap the N definitions themselves
 * take as objects (what a project holds at the least).
 * <p>
 * {@code ./mvnw -q test-compile exec:exec@benchmark-idle-projects -Dbench.args="10000"} (the heap is the execution's
 * {@code -Xmx}, 2 GB by default: the target is that N = 10,000 fits). Arguments: {@code [projects]}
 * {@code --file=PROJECT.json} {@code --dir=DIR} (the data folder, on disk; default a fresh one under target/)
 * {@code --max-live=N} (how many projects keep their session, {@code conclave.owners.max-live}; default 1000; 0: all,
 * as before live owners). With a limit, it also times what sleeping costs: the first command to a sleeping project
 * (rebuilt from its journal, then the command) beside the same command to a live one, and a list of every project
 * (read from what each kept: no project is rebuilt, which the benchmark checks).
 */
public final class IdleProjectsBenchmark {
    private IdleProjectsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = 10_000;
        Path file = Path.of("projects/healthcare_blockchain_project.json");
        Path dir = null;
        int maxLive = 1000;
        for (String a : args) {
            if (a.isBlank()) {
                continue;
            } else if (a.startsWith("--max-live=")) {
                maxLive = Integer.parseInt(a.substring(11));
            } else if (a.startsWith("--file=")) {
                file = Path.of(a.substring(7));
            } else if (a.startsWith("--dir=")) {
                dir = Path.of(a.substring(6));
            } else {
                n = Integer.parseInt(a);
            }
        }
        if (dir == null) {
            Files.createDirectories(Path.of("target"));
            dir = Files.createTempDirectory(Path.of("target"), "bench-idle");
        }
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        out("Conclave idle-projects benchmark: %d projects of %s, max heap %d MB, at most %s live, data in %s", n,
                file, Runtime.getRuntime().maxMemory() >> 20, maxLive > 0 ? maxLive : "all", dir);
        out("java %s, %d cpu(s), load average %s", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), ContractNetBenchmark.loadAverage());

        Policy policy = RulesFixture.policy();
        PolicySource source = new PolicySource() {
            @Override
            public Policy active() {
                return policy;
            }

            @Override
            public Policy byVersion(String version) {
                return policy;
            }
        };
        ObjectNode template = (ObjectNode) Json.MAPPER.readTree(Files.readString(file));
        // warm the engine on a few projects in a scratch folder, not timed
        Path scratch = Files.createTempDirectory(dir, "warm");
        try (ProjectRegistry warm = registry(scratch, source)) {
            for (int i = 0; i < 200; i++) {
                warm.create(spec(template, "warm" + i), "bench");
            }
        }
        deleteTree(scratch);

        long empty = usedHeap(memory);
        List<ProjectSpec> specs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            specs.add(spec(template, String.format(Locale.ROOT, "p%05d", i)));
        }
        long definitions = usedHeap(memory) - empty;
        int specsWritten = n;

        // baseline: each definition as one forced line in its own folder, then read back and parsed
        Path plain = dir.resolve("plain");
        long t0 = System.nanoTime();
        for (ProjectSpec s : specs) {
            Path folder = plain.resolve(s.projectId());
            Files.createDirectories(folder);
            try (FileChannel ch = FileChannel.open(folder.resolve("definition.json"), StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap((Json.MAPPER.writeValueAsString(s) + "\n")
                        .getBytes(StandardCharsets.UTF_8)));
                ch.force(false);
            }
        }
        double plainWrite = seconds(t0);
        t0 = System.nanoTime();
        int parsed = 0;
        try (Stream<Path> folders = Files.list(plain)) {
            for (Path folder : folders.sorted().toList()) {
                parsed += Json.MAPPER.readValue(Files.readString(folder.resolve("definition.json")), ProjectSpec.class)
                        .tasksOrEmpty().size() > 0 ? 1 : 0;
            }
        }
        double plainRead = seconds(t0);

        Path data = dir.resolve("data");
        int created = 0;
        double load;
        double tick;
        long held;
        String state;
        int liveAfterLoad;
        double list = 0;
        int liveAfterList = 0;
        double[] firstCommand = new double[0];
        double[] liveCommand = new double[0];
        try (ProjectRegistry projects = registry(data, source, maxLive)) {
            t0 = System.nanoTime();
            long paused = 0;
            for (ProjectSpec s : specs) {
                projects.create(s, "bench");
                created++;
                Runtime rt = Runtime.getRuntime();
                if (created % 250 == 0 && rt.totalMemory() - rt.freeMemory() > rt.maxMemory() * 0.85) {
                    long p0 = System.nanoTime();
                    boolean full = usedHeap(memory) > rt.maxMemory() * 0.85;
                    paused += System.nanoTime() - p0;
                    if (full) {
                        break; // the rest would not fit: say so, rather than thrash the collector until it gives up
                    }
                }
            }
            load = seconds(t0) - paused / 1e9;
            specs.clear();
            held = usedHeap(memory) - empty;
            liveAfterLoad = projects.liveCount();
            t0 = System.nanoTime();
            projects.tickAll();
            tick = seconds(t0);
            if (maxLive > 0 && created > maxLive) {
                t0 = System.nanoTime();
                int listed = projects.all().stream().mapToInt(p -> p.summary().tasks()).sum();
                list = seconds(t0);
                liveAfterList = projects.liveCount();
                if (listed == 0 || liveAfterList != liveAfterLoad) {
                    out("the list rebuilt projects: %d live before, %d after", liveAfterLoad, liveAfterList);
                    System.exit(1);
                }
                // the first command to a sleeping project (the oldest: asleep for longest), beside the same command
                // to a live one (the newest), alternated so the machine's load falls on both alike
                List<ProjectRuntime> all = projects.all();
                int samples = Math.min(200, Math.min(maxLive / 2, created - maxLive));
                firstCommand = new double[samples];
                liveCommand = new double[samples];
                for (int i = 0; i < samples; i++) {
                    ProjectRuntime sleeping = all.get(i);
                    ProjectRuntime live = all.get(all.size() - 1 - i);
                    if (!sleeping.asleep() || live.asleep()) {
                        out("project %s should sleep and %s be live", sleeping.id(), live.id());
                        System.exit(1);
                    }
                    firstCommand[i] = timeCommand(sleeping, i);
                    liveCommand[i] = timeCommand(live, i);
                }
                java.util.Arrays.sort(firstCommand);
                java.util.Arrays.sort(liveCommand);
            }
            state = describe(projects);
        }
        long afterClose = usedHeap(memory) - empty;

        double recovery;
        long recovered;
        String stateAfter;
        int liveAfterRecovery;
        try (ProjectRegistry projects = registry(data, source, maxLive)) {
            t0 = System.nanoTime();
            projects.recoverAll();
            recovery = seconds(t0);
            recovered = usedHeap(memory) - empty;
            liveAfterRecovery = projects.liveCount();
            stateAfter = describe(projects);
        }

        if (created < n) {
            out("");
            out("STOPPED after %d of %d projects: the heap was over 85%% full after full collections", created, n);
            n = created;
        }
        out("");
        out("%-58s %10s %12s", "", "total", "per project");
        row("load: ProjectRegistry.create of each (journaled, forced)", load, n);
        row("  baseline: the definition as one forced line each", plainWrite * n / specsWritten, n);
        out("%-58s %9.1fx", "  load / baseline", load / (plainWrite * n / specsWritten));
        row("one tick of every idle project (tickAll)", tick, n);
        row("recovery: recoverAll (every journal replayed)", recovery, n);
        row("  baseline: every definition read back and parsed", plainRead * n / specsWritten, n);
        out("%-58s %9.1fx", "  recovery / baseline", recovery / (plainRead * n / specsWritten));
        if (firstCommand.length > 0) {
            out("%-58s %9.2fs %9.1f us", "list of every project (their kept summaries)", list, list * 1e6 / n);
            out("%-58s %10s %9.2f ms (p90 %.2f ms)", "first command to a sleeping project, median of " + firstCommand.length,
                    "", median(firstCommand), firstCommand[firstCommand.length * 9 / 10]);
            out("%-58s %10s %9.2f ms (p90 %.2f ms)", "  baseline: the same command to a live project", "",
                    median(liveCommand), liveCommand[liveCommand.length * 9 / 10]);
            out("%-58s %9.1fx", "  sleeping / live", median(firstCommand) / median(liveCommand));
        }
        out("live sessions: %d after loading, %d after the list, %d after recovery (limit %s)", liveAfterLoad,
                liveAfterList, liveAfterRecovery, maxLive > 0 ? maxLive : "none");
        out("");
        out("heap above the warm, empty engine (after full collections):");
        mem("the %d definitions as objects (baseline)".formatted(specsWritten), definitions, specsWritten);
        mem("%d idle projects, after creation".formatted(n), held, n);
        mem("%d idle projects, after recovery".formatted(n), recovered, n);
        mem("after the registry closed (should be ~0)", afterClose, n);
        out("%-58s %9.1fx", "projects / definitions, per project", (double) held / n
                / Math.max(1, (double) definitions / specsWritten));
        out("");
        out("state after creation: %s", state);
        out("state after recovery: %s (%s)", stateAfter, stateAfter.equals(state) ? "the same" : "DIFFERENT");
        long total = (held + empty) >> 20;
        out("target: 10000 idle projects in <= 2048 MB heap: %s (%d projects held %d MB in all, of which the empty engine"
                + " %d MB; at this size per project, 10000 need %d MB)", n >= 10_000 && total <= 2048 ? "MET" : "NOT MET",
                n, total, empty >> 20, (empty + held / n * 10_000) >> 20);
        out("load average %s at the end", ContractNetBenchmark.loadAverage());
        deleteTree(dir);
        if (!stateAfter.equals(state) || parsed != specsWritten) {
            System.exit(1);
        }
    }

    private static ProjectRegistry registry(Path data, PolicySource source) {
        return registry(data, source, 0);
    }

    private static ProjectRegistry registry(Path data, PolicySource source, int maxLive) {
        ProjectRegistry r = new ProjectRegistry(data, new JournaledRuntime.Setting(source, 500_000, Clock.systemUTC(),
                e -> { }), ProjectRegistry.NO_RUNS);
        r.keepLive(maxLive, null);
        return r;
    }

    /** One status interrupt to the project (journaled, forced), in milliseconds of wall time. */
    private static double timeCommand(ProjectRuntime rt, int i) {
        long t0 = System.nanoTime();
        rt.command(new SendInterrupt("status", null, null, null, "ping " + i), "ceo", s -> { });
        return (System.nanoTime() - t0) / 1e6;
    }

    private static double median(double[] sorted) {
        return sorted[sorted.length / 2];
    }

    private static ProjectSpec spec(ObjectNode template, String id) throws IOException {
        ObjectNode copy = template.deepCopy();
        copy.put("project_id", id);
        return Json.MAPPER.treeToValue(copy, ProjectSpec.class);
    }

    /**
     * Tasks by status over every project, from what each kept for lists (rebuilding none): the same after a restart
     * when the replay is faithful, since the restart computes each summary again from the replayed state.
     */
    private static String describe(ProjectRegistry projects) {
        java.util.TreeMap<String, Integer> byStatus = new java.util.TreeMap<>();
        java.util.TreeMap<String, Integer> versions = new java.util.TreeMap<>();
        projects.all().forEach(rt -> {
            ProjectListing l = rt.summary();
            l.tasksByStatus().forEach((status, count) -> byStatus.merge(status, count, Integer::sum));
            versions.merge(l.policyVersion(), 1, Integer::sum);
        });
        return projects.all().size() + " projects, tasks " + byStatus + ", policy versions " + versions;
    }

    private static long usedHeap(MemoryMXBean memory) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void row(String what, double seconds, int n) {
        out("%-58s %9.2fs %9.1f us", what, seconds, seconds * 1e6 / n);
    }

    private static void mem(String what, long bytes, int n) {
        out("  %-56s %8d MB %9.1f KB", what, bytes >> 20, bytes / 1024.0 / n);
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path f : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }

    private static void out(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
    }
}
