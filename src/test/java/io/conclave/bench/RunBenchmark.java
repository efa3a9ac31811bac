package io.conclave.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.conclave.engine.policy.PolicyCompiler;
import io.conclave.engine.policy.PolicyHost;
import io.conclave.engine.owner.JournaledRuntime;
import io.conclave.engine.project.ProjectRegistry;
import io.conclave.engine.project.ProjectRuntime;
import io.conclave.engine.project.ProjectSession;
import io.conclave.engine.QuietLogging;
import io.conclave.engine.RulesFixture;
import io.conclave.journal.PolicyArchive;
import io.conclave.model.Json;
import io.conclave.model.ProjectSpec;
import io.conclave.model.run.RunReport;
import io.conclave.model.run.RunRequest;
import io.conclave.sim.Simulator;

/**
 * The asynchronous-run benchmark. A generated project (a chain-free mix of tasks over a team)
 * is run to its end twice per round: in memory in one go ({@code Simulator.runToEnd}, the baseline) and
 * as the service runs it: journaled {@code run_start} and {@code run_step} entries (fsync each) with the
 * step budget of the service, while a reader thread keeps asking for the project lock, as an interrupt
 * would. Reports both times, their ratio, the number of steps, and how long the reader waited for a
 * safe point (median and maximum) against the step budget. Checks that both reports are the same bytes.
 *
 * <pre>
 *   ./mvnw -q test-compile exec:exec@benchmark-runs
 *   ./mvnw -q test-compile exec:exec@benchmark-runs -Dbench.args="2000 50 3 --step-millis=50"
 * </pre>
 * Arguments: {@code [tasks [agents [rounds]]]}, {@code --warmup=N}, {@code --step-millis=N} (default 50),
 * {@code --scaling=1000,4000,16000} (the in-memory run at these numbers of tasks, CPU time per task; empty
 * for none), {@code --profile} (one more in-memory run with the firings and consequence time of each rule).
 */
public final class RunBenchmark {
    private RunBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = new ArrayList<>();
        List<Integer> scaling = List.of(1000, 4000, 16000);
        int warmup = 1;
        long stepMillis = 50;
        boolean profile = false;
        for (String a : args) {
            if (a.isBlank()) {
                continue;
            } else if (a.equals("--profile")) {
                profile = true;
            } else if (a.startsWith("--scaling=")) {
                scaling = a.length() == 10 ? List.of()
                        : java.util.Arrays.stream(a.substring(10).split(",")).map(Integer::parseInt).toList();
            } else if (a.startsWith("--warmup=")) {
                warmup = Integer.parseInt(a.substring(9));
            } else if (a.startsWith("--step-millis=")) {
                stepMillis = Long.parseLong(a.substring(14));
            } else if (a.matches("\\d+")) {
                sizes.add(Integer.parseInt(a));
            } else {
                System.err.println("RunBenchmark: unknown argument '" + a + "'");
                System.exit(2);
            }
        }
        int tasks = sizes.size() > 0 ? sizes.get(0) : 1000;
        int agents = sizes.size() > 1 ? sizes.get(1) : 50;
        int rounds = sizes.size() > 2 ? sizes.get(2) : 3;
        QuietLogging.likeTheService();
        ObjectNode project = project(tasks, agents);
        ProjectSpec spec = Json.MAPPER.treeToValue(project, ProjectSpec.class);
        RunRequest request = new RunRequest("fully_automated", 7L, 0.1, "continuous");
        out("Conclave run benchmark: %d tasks, %d agents, failure rate 0.1, step budget %d ms, %d warm-up + %d round(s)",
                tasks, agents, stepMillis, warmup, rounds);
        out("java %s, %d cpu(s), %s, load average %s", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(), BenchJvm.heap(), ContractNetBenchmark.loadAverage());
        out("in memory: ProjectSession.start + Simulator.runToEnd (the baseline); journaled: as the service runs it");
        out("");
        out("%-6s %12s %10s %12s %7s %7s %14s %14s", "round", "in memory", "[cpu]", "journaled", "ratio", "steps",
                "wait median", "wait max");
        List<double[]> results = new ArrayList<>();
        for (int r = -warmup; r < rounds; r++) {
            double[] memory = new double[2];
            String baseline = inMemory(spec, request, memory);
            double[] journaled = journaled(spec, project, request, stepMillis, baseline);
            if (r >= 0) {
                results.add(new double[] {memory[0], journaled[0], journaled[1], journaled[2], journaled[3], memory[1]});
            }
            out("%-6s %11.2fs %9.2fs %11.2fs %7.1f %7d %12.1fms %12.1fms", r < 0 ? "warmup" : String.valueOf(r + 1),
                    memory[0], memory[1], journaled[0], journaled[0] / memory[0], (long) journaled[1], journaled[2],
                    journaled[3]);
        }
        if (profile) {
            try (ProjectSession s = ProjectSession.start(spec, RulesFixture.policy(), 5_000_000, 1)) {
                RuleProfile p = RuleProfile.attach(s, "session");
                long t0 = System.nanoTime();
                Simulator.runToEnd(s, request);
                out("profiled in-memory run: %.2fs", (System.nanoTime() - t0) / 1e9);
                p.top(20).forEach(RunBenchmark::out);
            }
        }
        List<double[]> byMemory = new ArrayList<>(results);
        byMemory.sort(Comparator.comparingDouble(x -> x[0]));
        double[] m = byMemory.get(byMemory.size() / 2);
        results.sort(Comparator.comparingDouble(x -> x[1] / x[0]));
        double[] mid = results.get(results.size() / 2);
        out("");
        out("in memory, median: %.2fs wall [%.2fs cpu]; target <= 1 s: %s", m[0], m[5], m[0] <= 1.0 ? "MET" : "NOT MET");
        out("median ratio journaled / in memory: %.1f (in memory %.2fs, journaled %.2fs, %d steps)", mid[1] / mid[0],
                mid[0], mid[1], (long) mid[2]);
        if (!scaling.isEmpty()) {
            scaling(scaling, agents, request);
        }
        out("load average %s at the end", ContractNetBenchmark.loadAverage());
    }

    /** One run in memory; {@code times} gets its wall and CPU seconds. Returns the report's JSON. */
    private static String inMemory(ProjectSpec spec, RunRequest request, double[] times) throws Exception {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long c0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        String report;
        try (ProjectSession s = ProjectSession.start(spec, RulesFixture.policy(), 5_000_000, 1)) {
            report = Json.MAPPER.writeValueAsString(Simulator.runToEnd(s, request));
        }
        times[0] = (System.nanoTime() - t0) / 1e9;
        times[1] = (threads.getCurrentThreadCpuTime() - c0) / 1e9;
        return report;
    }

    /**
     * The in-memory run at growing numbers of tasks (the same agents, the same shape of project): its time per
     * task should stay flat when the cost is linear in tasks. Each size is run twice, the second timed.
     */
    private static void scaling(List<Integer> sizes, int agents, RunRequest request) throws Exception {
        out("");
        out("scaling, in memory (%d agents; each size run twice, the second timed):", agents);
        out("%8s %10s %10s %14s %14s %10s", "tasks", "wall", "cpu", "cpu per task", "vs smallest", "events");
        double first = 0;
        for (int n : sizes) {
            ProjectSpec spec = Json.MAPPER.treeToValue(project(n, agents), ProjectSpec.class);
            double[] t = new double[2];
            inMemory(spec, request, t);
            String report = inMemory(spec, request, t);
            double perTask = t[1] * 1e6 / n;
            if (first == 0) {
                first = perTask;
            }
            long events = Json.MAPPER.readTree(report).path("progress").path("events").asLong();
            out("%8d %9.2fs %9.2fs %11.1f us %13.2fx %10d", n, t[0], t[1], perTask, perTask / first, events);
        }
    }

    /** Runs the project as the service does; returns {seconds, steps, median wait ms, max wait ms}. */
    private static double[] journaled(ProjectSpec spec, ObjectNode project, RunRequest request, long stepMillis,
                                      String baseline) throws Exception {
        Path data = Files.createTempDirectory("conclave-run-bench");
        PolicyHost policies = new PolicyHost(Path.of("rules"), new PolicyArchive(data.resolve("policies")),
                new PolicyCompiler(RunBenchmark.class.getClassLoader()));
        policies.start();
        try (ProjectRegistry registry = new ProjectRegistry(data, new JournaledRuntime.Setting(policies, 5_000_000,
                Clock.systemUTC(), e -> { }), Simulator.DRIVER)) {
            registry.recoverAll();
            registry.create(spec, "bench");
            ProjectRuntime rt = registry.get(spec.projectId());
            AtomicBoolean running = new AtomicBoolean(true);
            List<Double> waits = new ArrayList<>();
            Thread reader = new Thread(() -> {
                while (running.get()) {
                    long w = System.nanoTime();
                    rt.read(s -> s.ledger().size());
                    waits.add((System.nanoTime() - w) / 1e6);
                    Thread.onSpinWait();
                }
            });
            long t0 = System.nanoTime();
            rt.startRun(request, "bench");
            reader.start();
            int steps = 0;
            while (rt.step(stepMillis * 1_000_000L)) {
                steps++;
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            running.set(false);
            reader.join();
            RunReport report = rt.lastRun();
            String bytes = Json.MAPPER.writeValueAsString(report).replace("\"run_id\":\"run-1\"", "\"run_id\":\"run\"");
            if (!bytes.equals(baseline)) {
                System.err.println("RunBenchmark: the journaled run's report differs from the in-memory one");
                System.exit(1);
            }
            waits.sort(Comparator.naturalOrder());
            return new double[] {seconds, steps + 1, waits.get(waits.size() / 2), waits.get(waits.size() - 1)};
        } finally {
            policies.close();
        }
    }

    /** Tasks needing one of five skills, agents with two of them; every tenth task depends on the one before. */
    private static ObjectNode project(int tasks, int agents) {
        ObjectNode p = Json.MAPPER.createObjectNode().put("project_id", "run-bench").put("title", "run benchmark");
        p.putObject("scheduling").put("start_date", "2024-01-15T09:00:00");
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

    private static void out(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
    }
}
