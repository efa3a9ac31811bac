package io.conclave.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.conclave.app.evidence.Evidence;
import io.conclave.app.evidence.EvidenceCheck;
import io.conclave.app.evidence.EvidenceExporter;
import io.conclave.app.evidence.NodeKey;
import io.conclave.engine.QuietLogging;
import io.conclave.engine.owner.JournaledRuntime;
import io.conclave.engine.policy.PolicyCompiler;
import io.conclave.engine.policy.PolicyHost;
import io.conclave.engine.project.ProjectRegistry;
import io.conclave.engine.project.ProjectRuntime;
import io.conclave.journal.Chain;
import io.conclave.journal.CommandCodec;
import io.conclave.journal.FileJournal;
import io.conclave.journal.Journal;
import io.conclave.journal.JournalStore;
import io.conclave.journal.PolicyArchive;
import io.conclave.model.Json;
import io.conclave.model.ProjectSpec;
import io.conclave.model.Task;
import io.conclave.model.TaskEvent;
import io.conclave.model.TaskStatus;
import io.conclave.model.command.Command;
import io.conclave.sim.Simulator;

/**
 * What the hash chain costs a command. A generated project is worked to its end by real-agent reports, one command
 * each (an assignee starts its task, then completes it; the rules make the next tasks ready and assign them), as the
 * REST resources send them: each applied, journaled and forced to disk. The same workload runs in alternating rounds
 * over two data folders: journals that chain every line (the service's) and journals that write the lines of before
 * the chain ({@link FileJournal#unchained}, the baseline). Reports the wall and CPU time per command of each, their
 * ratio, the mean line of each, and checks that both made the same decisions. Then the chained project is exported
 * as evidence and verified (signature, chain, policy, replay), and both are timed.
 *
 * <pre>
 *   ./mvnw -q test-compile exec:exec@benchmark-evidence
 *   ./mvnw -q test-compile exec:exec@benchmark-evidence -Dbench.args="400 20 5 --temp-dir=/dev/shm"
 * </pre>
 * Arguments: {@code [tasks [agents [rounds]]]} (default 300 20 5, one warm-up round of each first), {@code
 * --temp-dir=DIR} (where the data folders go; {@code /dev/shm} takes the disk's force out of the figures).
 */
public final class EvidenceBenchmark {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private EvidenceBenchmark() {
    }

    /** One side's round: wall and CPU seconds, commands, the mean journal line, and the decisions made. */
    private record Round(double wall, double cpu, int commands, double lineBytes, String decisions) {
        double wallMicros() {
            return wall * 1e6 / commands;
        }

        double cpuMicros() {
            return cpu * 1e6 / commands;
        }
    }

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = new ArrayList<>();
        Path temp = Path.of(System.getProperty("java.io.tmpdir"));
        for (String a : args) {
            if (a.isBlank()) {
                continue;
            } else if (a.startsWith("--temp-dir=")) {
                temp = Path.of(a.substring("--temp-dir=".length()));
            } else if (a.matches("\\d+")) {
                sizes.add(Integer.parseInt(a));
            } else {
                System.err.println("EvidenceBenchmark: unknown argument '" + a + "'");
                System.exit(2);
            }
        }
        int tasks = sizes.size() > 0 ? sizes.get(0) : 300;
        int agents = sizes.size() > 1 ? sizes.get(1) : 20;
        int rounds = sizes.size() > 2 ? sizes.get(2) : 5;
        QuietLogging.likeTheService();
        ProjectSpec spec = Json.MAPPER.treeToValue(project(tasks, agents), ProjectSpec.class);
        out("Conclave evidence benchmark: %d tasks, %d agents, worked by reports (start, complete), 1 warm-up + %d "
                + "round(s) of each side, alternating, data in %s", tasks, agents, rounds, temp);
        out("java %s, %d cpu(s), load average %s", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), ContractNetBenchmark.loadAverage());
        out("");
        out("%-7s %-9s %9s %14s %14s %12s", "round", "journals", "commands", "wall/command", "cpu/command",
                "mean line");
        List<Round> chained = new ArrayList<>();
        List<Round> unchained = new ArrayList<>();
        Path kept = null;
        for (int r = -1; r < rounds; r++) {
            for (boolean chain : new boolean[] {r % 2 == 0, r % 2 != 0}) {
                Path data = Files.createTempDirectory(temp, "conclave-evidence-bench");
                Round round = work(spec, data, chain);
                out("%-7s %-9s %9d %11.1f us %11.1f us %10.0f B", r < 0 ? "warm-up" : String.valueOf(r + 1),
                        chain ? "chained" : "unchained", round.commands(), round.wallMicros(), round.cpuMicros(),
                        round.lineBytes());
                if (r >= 0) {
                    (chain ? chained : unchained).add(round);
                }
                if (chain && r == rounds - 1) {
                    kept = data;
                } else {
                    delete(data);
                }
            }
        }
        if (!chained.get(0).decisions().equals(unchained.get(0).decisions())) {
            System.err.println("EvidenceBenchmark: the chained and the unchained side made different decisions");
            System.exit(1);
        }
        Round c = median(chained, Round::wallMicros);
        Round u = median(unchained, Round::wallMicros);
        Round cc = median(chained, Round::cpuMicros);
        Round uc = median(unchained, Round::cpuMicros);
        out("");
        out("median per command: wall %.1f us chained / %.1f us unchained = %.3fx; cpu %.1f / %.1f us = %.3fx",
                c.wallMicros(), u.wallMicros(), c.wallMicros() / u.wallMicros(), cc.cpuMicros(), uc.cpuMicros(),
                cc.cpuMicros() / uc.cpuMicros());
        out("mean journal line: %.0f B chained, %.0f B unchained (+%.0f B)", c.lineBytes(), u.lineBytes(),
                c.lineBytes() - u.lineBytes());
        double hashMicros = hashing(kept.resolve("projects").resolve(spec.projectId()).resolve(FileJournal.FILE));
        out("the chain's own work, alone: the SHA-256 of a line %.2f us = %.2f%% of a command's median cpu",
                hashMicros, 100 * hashMicros / cc.cpuMicros());
        exportAndVerify(spec, kept);
        delete(kept);
        out("load average %s at the end", ContractNetBenchmark.loadAverage());
    }

    /** Works the project to its end over fresh journals in {@code data}; chained or not. */
    private static Round work(ProjectSpec spec, Path data, boolean chained) throws Exception {
        PolicyHost policies = new PolicyHost(Path.of("rules"), new PolicyArchive(data.resolve("policies")),
                new PolicyCompiler(EvidenceBenchmark.class.getClassLoader()));
        policies.start();
        try (ProjectRegistry registry = new ProjectRegistry(data, new JournaledRuntime.Setting(policies, 5_000_000,
                Clock.systemUTC(), e -> { }), Simulator.DRIVER)) {
            if (!chained) {
                registry.journalsIn(UNCHAINED);
            }
            registry.recoverAll();
            registry.create(spec, "bench");
            ProjectRuntime rt = registry.get(spec.projectId());
            int commands = 0;
            long c0 = THREADS.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            while (true) {
                List<Task> assigned = rt.read(s -> s.tasks().stream()
                        .filter(t -> t.getStatus() == TaskStatus.ASSIGNED).toList());
                if (assigned.isEmpty()) {
                    break;
                }
                for (Task t : assigned) {
                    rt.report(TaskEvent.Kind.START, t.getTaskId(), t.getAssignee(), s -> { });
                    rt.report(TaskEvent.Kind.COMPLETE, t.getTaskId(), t.getAssignee(), s -> { });
                    commands += 2;
                }
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            double cpu = (THREADS.getCurrentThreadCpuTime() - c0) / 1e9;
            String decisions = rt.read(s -> {
                try {
                    return Json.MAPPER.writeValueAsString(s.ledger().stream().map(d -> List.of(d.getKind(),
                            String.valueOf(d.getTaskId()), d.getAgentIds())).toList());
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
            });
            Path journal = data.resolve("projects").resolve(spec.projectId()).resolve(FileJournal.FILE);
            List<String> lines = Files.readAllLines(journal);
            double mean = lines.stream().mapToInt(l -> l.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                    .average().orElse(0);
            return new Round(wall, cpu, commands, mean, decisions);
        } finally {
            policies.close();
        }
    }

    /**
     * What hashing a journal's lines costs, alone: every line of the journal hashed as an append hashes it (its UTF-8
     * bytes), 50 passes to warm up, then 500 timed; microseconds per line.
     */
    private static double hashing(Path journal) throws java.io.IOException {
        List<byte[]> lines = Files.readAllLines(journal).stream()
                .map(l -> l.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toList();
        String sink = "";
        for (int pass = 0; pass < 50; pass++) {
            for (byte[] l : lines) {
                sink = Chain.hash(l, 0, l.length);
            }
        }
        long c0 = THREADS.getCurrentThreadCpuTime();
        for (int pass = 0; pass < 500; pass++) {
            for (byte[] l : lines) {
                sink = Chain.hash(l, 0, l.length);
            }
        }
        double micros = (THREADS.getCurrentThreadCpuTime() - c0) / 1e3 / (500.0 * lines.size());
        return sink.isEmpty() ? -1 : micros;
    }

    /** The chained project of the last round, exported and verified: how long each takes and how big it is. */
    private static void exportAndVerify(ProjectSpec spec, Path data) throws Exception {
        PolicyHost policies = new PolicyHost(Path.of("rules"), new PolicyArchive(data.resolve("policies")),
                new PolicyCompiler(EvidenceBenchmark.class.getClassLoader()));
        policies.start();
        try (ProjectRegistry registry = new ProjectRegistry(data, new JournaledRuntime.Setting(policies, 5_000_000,
                Clock.systemUTC(), e -> { }), Simulator.DRIVER)) {
            registry.recoverAll();
            ProjectRuntime rt = registry.get(spec.projectId());
            EvidenceExporter exporter = new EvidenceExporter(NodeKey.generate(), "bench", Clock.systemUTC(),
                    policies::archivedFiles);
            long t0 = System.nanoTime();
            Evidence export = exporter.export(rt);
            String text = Json.MAPPER.writeValueAsString(export);
            double exportMillis = (System.nanoTime() - t0) / 1e6;
            PolicyCompiler compiler = new PolicyCompiler(EvidenceBenchmark.class.getClassLoader());
            EvidenceCheck check = new EvidenceCheck(compiler::compile, List.of());
            long t1 = System.nanoTime();
            EvidenceCheck.Report report = check.check(Json.JOURNAL.readValue(text, Evidence.class));
            double verifyMillis = (System.nanoTime() - t1) / 1e6;
            out("");
            out("evidence of the last chained round: %d entries, %d decisions, %d KB; export %.0f ms, verify %.0f ms "
                    + "(signature, chain, policy, replay): %s", export.entries().size(), export.decisions().size(),
                    text.length() / 1024, exportMillis, verifyMillis, report.verified() ? "verified"
                    : "NOT VERIFIED " + report.problems());
            if (!report.verified()) {
                System.exit(1);
            }
        } finally {
            policies.close();
        }
    }

    /** Journals in files that write the lines of before the chain: the baseline. */
    private static final JournalStore UNCHAINED = new JournalStore() {
        @Override
        public <C extends Command> Journal<C> open(CommandCodec<C> codec, String id, Path folder) {
            return FileJournal.unchained(folder, codec);
        }

        @Override
        public SetAside setAside(CommandCodec<?> codec, String id, Path folder, Journal.Damage damage)
                throws java.io.IOException {
            return JournalStore.FILES.setAside(codec, id, folder, damage);
        }
    };

    private static Round median(List<Round> rounds, java.util.function.ToDoubleFunction<Round> by) {
        List<Round> sorted = new ArrayList<>(rounds);
        sorted.sort(Comparator.comparingDouble(by));
        return sorted.get(sorted.size() / 2);
    }

    /** Tasks needing one of five skills, agents with two of them; every tenth task depends on the one before. */
    private static ObjectNode project(int tasks, int agents) {
        ObjectNode p = Json.MAPPER.createObjectNode().put("project_id", "evidence-bench").put("title", "evidence");
        ArrayNode as = p.putArray("agents");
        for (int i = 0; i < agents; i++) {
            ObjectNode a = as.addObject().put("agent_id", "a" + i);
            a.putObject("skill_levels").put("s" + (i % 5), 7).put("s" + ((i + 1) % 5), 5);
        }
        ArrayNode ts = p.putArray("tasks");
        for (int i = 0; i < tasks; i++) {
            ObjectNode t = ts.addObject().put("task_id", "t" + i).put("estimated_hours", 1 + i % 4);
            t.putObject("required_skills").put("s" + (i % 5), 5);
            if (i % 10 == 9) {
                t.putArray("dependencies").add("t" + (i - 1));
            }
        }
        return p;
    }

    private static void delete(Path folder) throws java.io.IOException {
        try (var s = Files.walk(folder)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void out(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
    }
}
