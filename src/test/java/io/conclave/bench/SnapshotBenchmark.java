package io.conclave.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import io.conclave.engine.owner.JournaledRuntime;
import io.conclave.engine.policy.Policy;
import io.conclave.engine.policy.PolicySource;
import io.conclave.engine.project.ProjectRegistry;
import io.conclave.engine.project.ProjectRuntime;
import io.conclave.engine.RulesFixture;
import io.conclave.journal.FileJournal;
import io.conclave.model.Json;
import io.conclave.model.ProjectSpec;
import io.conclave.model.TaskEvent;
import io.conclave.model.TaskStatus;
import io.conclave.model.command.SendInterrupt;

/**
 * How long a project with a long history takes to restart: a project journal of N entries (the 12-task example
 * worked to its end by its agents, then an operator's status interrupts, each a journaled command with its decision)
 * is written with a snapshot every K entries; then the project is recovered from its folder (newest snapshot and
 * the entries after it) and, as the baseline in the same run, from the whole journal (snapshot files set aside).
 * The journal is written on a memory file system (its forces cost nothing there) and copied to disk before the
 * restarts are timed.
 * <p>
 * {@code ./mvnw -q test-compile exec:exec@benchmark-snapshots -Dbench.args="100000 1000"}. Arguments:
 * {@code [entries [every]] [rounds=N] [baseline=true|false] [reuse] [dir=DIR]}, options with two leading dashes
 * ({@code --reuse}: restart the journal a previous run wrote in DIR, without writing it again).
 */
public final class SnapshotBenchmark {
    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    private SnapshotBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int entries = 100_000;
        int every = 1000;
        int rounds = 3;
        boolean baseline = true;
        boolean reuse = false;
        Path dir = Path.of("target/bench-snapshots");
        List<String> plain = new ArrayList<>();
        for (String a : args) {
            if (a.startsWith("--rounds=")) {
                rounds = Integer.parseInt(a.substring(9));
            } else if (a.startsWith("--baseline=")) {
                baseline = Boolean.parseBoolean(a.substring(11));
            } else if (a.equals("--reuse")) {
                reuse = true;
            } else if (a.startsWith("--dir=")) {
                dir = Path.of(a.substring(6));
            } else {
                plain.add(a);
            }
        }
        if (!plain.isEmpty()) {
            entries = Integer.parseInt(plain.get(0));
        }
        if (plain.size() > 1) {
            every = Integer.parseInt(plain.get(1));
        }
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
        Path data = dir.resolve("data");
        String id = "healthcare_blockchain_project";
        if (!reuse || !Files.isDirectory(data)) {
            id = write(dir, source, entries, every);
        }
        measure(data, id, source, every, rounds, baseline, dir);
    }

    /** Writes the journal in a memory file system and copies it to {@code dir}/data; the project's id. */
    private static String write(Path dir, PolicySource source, int entries, int every) throws Exception {
        Path shm = Files.createTempDirectory(Path.of(Files.isDirectory(Path.of("/dev/shm")) ? "/dev/shm" : "target"),
                "conclave-snapshots");
        long writing = System.nanoTime();
        String id;
        try (ProjectRegistry projects = registry(shm, source, every)) {
            ProjectSpec spec = Json.MAPPER.readValue(Files.readString(Path.of("projects/healthcare_blockchain_project.json")),
                    ProjectSpec.class);
            id = spec.projectId();
            projects.create(spec, "operator");
            ProjectRuntime rt = projects.get(id);
            long n = 1;
            for (int round = 0; round < 40; round++) {
                for (var t : rt.read(s -> s.tasks().stream().filter(x -> x.getStatus() == TaskStatus.IN_PROGRESS).toList())) {
                    rt.report(TaskEvent.Kind.COMPLETE, t.getTaskId(), t.getAssignee(), s -> { });
                    n++;
                }
                for (var t : rt.read(s -> s.tasks().stream().filter(x -> x.getStatus() == TaskStatus.ASSIGNED).toList())) {
                    rt.report(TaskEvent.Kind.START, t.getTaskId(), t.getAssignee(), s -> { });
                    n++;
                }
            }
            long total = Files.readAllLines(shm.resolve("projects").resolve(id).resolve(FileJournal.FILE)).size();
            for (long i = total; i < entries; i++) {
                rt.command(new SendInterrupt("status", null, null, null, "check " + i), "ceo", s -> { });
            }
        }
        long written = (System.nanoTime() - writing) / 1_000_000;
        Path data = dir.resolve("data");
        deleteTree(dir);
        copyTree(shm, data);
        deleteTree(shm);
        System.out.printf("written in %d s%n", written / 1000);
        return id;
    }

    private static void measure(Path data, String id, PolicySource source, int every, int rounds, boolean baseline,
                                Path dir) throws Exception {
        Path folder = data.resolve("projects").resolve(id);
        long lines = Files.readAllLines(folder.resolve(FileJournal.FILE)).size();
        long journalBytes = Files.size(folder.resolve(FileJournal.FILE));
        long snapshotBytes;
        try (Stream<Path> s = Files.list(folder)) {
            snapshotBytes = s.filter(p -> p.getFileName().toString().startsWith(FileJournal.SNAPSHOT))
                    .mapToLong(p -> p.toFile().length()).max().orElse(0);
        }
        System.out.printf("journal: %d entries (%d MB), snapshot every %d entries (newest %d MB)%n",
                lines, journalBytes >> 20, every, snapshotBytes >> 20);
        String state = null;
        List<Long> fromSnapshot = new ArrayList<>();
        List<Long> cpu = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            long start = System.nanoTime();
            long cpuStart = CPU.getCurrentThreadCpuTime();
            try (ProjectRegistry projects = registry(data, source, every)) {
                projects.recoverAll();
                fromSnapshot.add((System.nanoTime() - start) / 1_000_000);
                cpu.add((CPU.getCurrentThreadCpuTime() - cpuStart) / 1_000_000);
                state = describe(projects.get(id));
            }
        }
        fromSnapshot.sort(Comparator.naturalOrder());
        cpu.sort(Comparator.naturalOrder());
        // on a shared machine the wall time depends on the other processes; the restarting thread's CPU time does not
        System.out.printf("restart from the newest snapshot: %s ms (median %d ms of %d; CPU time of the restarting "
                + "thread %s ms); load average %.1f%n", fromSnapshot, fromSnapshot.get(fromSnapshot.size() / 2), rounds,
                cpu, java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        if (baseline) {
            Path aside = dir.resolve("aside");
            Files.createDirectories(aside);
            try (Stream<Path> s = Files.list(folder)) {
                for (Path p : s.filter(p -> p.getFileName().toString().startsWith(FileJournal.SNAPSHOT)).toList()) {
                    Files.move(p, aside.resolve(p.getFileName()));
                }
            }
            long start = System.nanoTime();
            long cpuStart = CPU.getCurrentThreadCpuTime();
            try (ProjectRegistry projects = registry(data, source, every)) {
                projects.recoverAll();
                long ms = (System.nanoTime() - start) / 1_000_000;
                long cpuMs = (CPU.getCurrentThreadCpuTime() - cpuStart) / 1_000_000;
                boolean same = describe(projects.get(id)).equals(state);
                System.out.printf("baseline, the whole journal replayed (every marker applied): %d ms (CPU %d ms); the "
                        + "same state: %s; ratio %.1fx (CPU %.1fx)%n", ms, cpuMs, same,
                        (double) ms / fromSnapshot.get(fromSnapshot.size() / 2),
                        (double) cpuMs / cpu.get(cpu.size() / 2));
            }
            try (Stream<Path> s = Files.list(aside)) {
                for (Path p : s.toList()) {
                    Files.move(p, folder.resolve(p.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static ProjectRegistry registry(Path data, PolicySource source, int every) {
        return new ProjectRegistry(data, new JournaledRuntime.Setting(source, 500_000, Clock.systemUTC(), e -> { })
                .withSnapshots(every), ProjectRegistry.NO_RUNS);
    }

    private static String describe(ProjectRuntime rt) {
        return rt.read(s -> s.tasks().stream().map(t -> t.getTaskId() + "=" + t.getStatus()).toList() + " "
                + s.ledger().size() + " decisions");
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
