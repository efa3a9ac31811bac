package io.conclave.bench;

import io.conclave.model.command.ProjectCommand;
import io.conclave.model.command.CreateProject;
import io.conclave.journal.CommandCodec;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.kie.api.KieServices;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionConfiguration;
import org.kie.api.runtime.conf.ClockTypeOption;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.conclave.engine.QuietLogging;
import io.conclave.engine.policy.Policy;
import io.conclave.engine.policy.PolicyCompiler;
import io.conclave.engine.policy.PolicyHost;
import io.conclave.engine.project.ProjectRegistry;
import io.conclave.engine.project.ProjectRuntime;
import io.conclave.engine.project.ProjectSession;
import io.conclave.journal.JournalEntry;
import io.conclave.journal.PolicyArchive;
import io.conclave.journal.FileJournal;
import io.conclave.model.Dates;
import io.conclave.model.Decision;
import io.conclave.model.DecisionKind;
import io.conclave.model.Json;
import io.conclave.model.Problem;
import io.conclave.model.ProjectFacts;
import io.conclave.model.ProjectSpec;
import io.conclave.model.ProjectValidator;
import io.conclave.model.Task;

/**
 * The assignment benchmark: a generated project of many READY tasks and many agents is assigned by
 * the shipped rules (through the same engine objects the service uses, without Quarkus), and in the
 * same JVM by a plain Java loop that applies the identical policy. Both must give every task the same
 * assignee; the run reports the time of each, per round and as the median, and their ratio.
 *
 * <p>Not a unit test: a command. Run from the project folder (it reads {@code ./rules}):
 * <pre>
 *   ./mvnw -q test-compile exec:exec@benchmark
 *   ./mvnw -q test-compile exec:exec@benchmark -Dbench.args="10000 1000 5"
 * </pre>
 * Arguments: {@code [tasks [agents [rounds]]]} plus options {@code --warmup=N}, {@code --seed=N},
 * {@code --max-open=N}, {@code --rules=DIR} (benchmark another rules folder), {@code --no-phases} (skip the
 * per-phase breakdown), {@code --keep-data} (keep the temporary data folder), {@code --no-log-setup} (leave
 * logging as the test classpath sets it up, to see what Drools' TRACE formatting costs). Exits 1 when the
 * rules and the loop disagree on any task, 2 on bad arguments. The exec gives the JVM its whole heap at start,
 * touched ({@code -Dbench.heap}, {@code -Dbench.min-heap}, both 2g): the benchmark collects the garbage between
 * rounds, and a heap that shrank then would charge the next round's rules for taking memory again.
 * {@code -Dbench.jvm} adds options to that JVM, such as the collector the launcher picks on two cores; the header
 * names the collector the run had.
 */
public final class AssignmentBenchmark {

    private static final String[] SKILLS = {
        "java", "python", "go", "sql", "frontend", "backend", "devops", "security", "cryptography", "testing",
        "data_engineering", "machine_learning", "architecture", "documentation", "project_management",
        "communication", "ux_design", "networking", "compliance", "blockchain"};
    private static final String[] TASK_TYPES = {
        "development", "review", "design", "testing", "documentation", "planning"};
    private static final String[] OCCUPATIONS = {
        "Engineer", "Analyst", "Architect", "Reviewer", "Tester", "Writer", "Coordinator"};
    private static final LocalDate FIRST_DAY = LocalDate.of(2024, 1, 15);
    /** A task is kept only when at least this many agents have every skill it requires. */
    private static final int MIN_QUALIFIED = 3;
    private static final int MAX_FIRINGS = 5_000_000;

    private AssignmentBenchmark() {
    }

    // ================================================================ options

    record Options(int tasks, int agents, int rounds, int warmup, long seed, int maxOpen, Path rulesDir,
                   boolean phases, boolean keepData, boolean logSetup) {

        static Options parse(String[] args) {
            List<Integer> sizes = new ArrayList<>();
            int warmup = 1;
            long seed = 42;
            int maxOpen = 20;
            Path rules = Path.of("rules");
            boolean phases = true;
            boolean keep = false;
            boolean logSetup = true;
            for (String a : args) {
                if (a.isBlank()) {
                    continue;
                }
                if (a.startsWith("--warmup=")) {
                    warmup = Integer.parseInt(a.substring(9));
                } else if (a.startsWith("--seed=")) {
                    seed = Long.parseLong(a.substring(7));
                } else if (a.startsWith("--max-open=")) {
                    maxOpen = Integer.parseInt(a.substring(11));
                } else if (a.startsWith("--rules=")) {
                    rules = Path.of(a.substring(8));
                } else if (a.equals("--no-phases")) {
                    phases = false;
                } else if (a.equals("--keep-data")) {
                    keep = true;
                } else if (a.equals("--no-log-setup")) {
                    logSetup = false;
                } else if (a.matches("\\d+")) {
                    sizes.add(Integer.parseInt(a));
                } else {
                    throw new IllegalArgumentException("unknown argument '" + a + "'");
                }
            }
            if (sizes.size() > 3) {
                throw new IllegalArgumentException("at most three numbers: tasks agents rounds");
            }
            int tasks = sizes.size() > 0 ? sizes.get(0) : 10_000;
            int agents = sizes.size() > 1 ? sizes.get(1) : 1_000;
            int rounds = sizes.size() > 2 ? sizes.get(2) : 5;
            if (tasks < 1 || agents < MIN_QUALIFIED || rounds < 1 || warmup < 0 || maxOpen < 1) {
                throw new IllegalArgumentException("need tasks >= 1, agents >= " + MIN_QUALIFIED
                        + ", rounds >= 1, warmup >= 0, max-open >= 1");
            }
            return new Options(tasks, agents, rounds, warmup, seed, maxOpen, rules, phases, keep, logSetup);
        }
    }

    // ================================================================ main

    public static void main(String[] args) throws Exception {
        Options opt;
        try {
            opt = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("AssignmentBenchmark: " + e.getMessage());
            System.err.println("usage: [tasks [agents [rounds]]] [--warmup=N] [--seed=N] [--max-open=N] "
                    + "[--rules=DIR] [--no-phases] [--keep-data] [--no-log-setup]");
            System.exit(2);
            return;
        }
        if (opt.logSetup) {
            QuietLogging.likeTheService();
        }
        int status = new Run(opt).execute();
        if (status != 0) {
            System.exit(status);
        }
    }

    /** One benchmark run: generation, engine, rounds, verification, report. */
    private static final class Run {
        private final Options opt;
        private final List<Verdict> measured = new ArrayList<>();
        private Path dataDir;
        private long firings = -1;

        Run(Options opt) {
            this.opt = opt;
        }

        int execute() throws Exception {
            String loadAtStart = loadAverage();
            String memoryAtStart = MemoryProbe.describe();
            out("Conclave assignment benchmark: %d tasks, %d agents, seed %d, %d warm-up + %d measured round(s)",
                    opt.tasks, opt.agents, opt.seed, opt.warmup, opt.rounds);

            long t0 = System.nanoTime();
            ObjectNode definition = generate(opt);
            ProjectSpec template = Json.MAPPER.treeToValue(definition, ProjectSpec.class);
            List<Problem> problems = ProjectValidator.validate(template);
            if (!problems.isEmpty()) {
                out("generated project is invalid: %s", problems.subList(0, Math.min(5, problems.size())));
                return 1;
            }
            out("generated and validated the project definition in %d ms (%s of JSON)", ms(System.nanoTime() - t0),
                    kb(Json.MAPPER.writeValueAsBytes(definition).length));

            dataDir = Files.createTempDirectory("conclave-bench-");
            FileStore store = Files.getFileStore(dataDir);
            PolicyHost policies = new PolicyHost(opt.rulesDir, new PolicyArchive(dataDir.resolve("policies")),
                    new PolicyCompiler(AssignmentBenchmark.class.getClassLoader()));
            t0 = System.nanoTime();
            policies.start();
            Policy policy = policies.active();
            if (policy == null) {
                out("the rules in %s do not compile: %s", opt.rulesDir.toAbsolutePath(),
                        policies.lastAttempt() == null ? "?" : policies.lastAttempt().messages());
                return 1;
            }
            long compileNanos = System.nanoTime() - t0;
            out("policy %s compiled from %s in %d ms (not part of any timed section)", policy.version(),
                    opt.rulesDir.toAbsolutePath().normalize(), ms(compileNanos));
            out("data folder %s (%s, %s): each create journals one line and forces it to disk",
                    dataDir, store.type(), store.name());

            ProjectRegistry registry = new ProjectRegistry(dataDir, policies, MAX_FIRINGS, Clock.systemUTC());
            Verdict last = null;
            int failures = 0;
            try {
                out("");
                out("wall-clock ms, and in brackets the CPU ms of the benchmark thread (less sensitive to other load);");
                out("kernel: the part of that CPU spent in the kernel, +-10 ms (the JVM counts user time in ticks)");
                out("round        rules ms    loop ms   rules/loop     rules cpu   loop cpu  cpu ratio  assigned  same"
                        + "   kernel: rules  loop");
                for (int r = 0; r < opt.warmup + opt.rounds; r++) {
                    boolean warm = r < opt.warmup;
                    String label = warm ? "warm-up " + (r + 1) : "round " + (r - opt.warmup + 1);
                    Verdict v = round(registry, definition, "bench-r" + (r + 1));
                    out("%-10s %10.1f %10.1f %11.1fx   [%9.1f %9.1f %8.1fx] %9d  %-4s %14.1f %5.1f", label,
                            v.rules.wallMs(), v.loop.wallMs(), v.wallRatio(), v.rules.cpuMs(), v.loop.cpuMs(),
                            v.cpuRatio(), v.assigned,
                            v.mismatches.isEmpty() ? "yes" : "NO: " + v.mismatches.size() + " task(s) differ",
                            v.rules.kernelMs(), v.loop.kernelMs());
                    if (!v.mismatches.isEmpty()) {
                        failures++;
                        v.mismatches.stream().limit(20).forEach(m -> out("    mismatch %s", m));
                    }
                    if (v.scoreMismatches > 0) {
                        out("    %d assigned task(s) carry a ledger score different from the loop's", v.scoreMismatches);
                    }
                    if (!warm) {
                        measured.add(v);
                    }
                    last = v;
                    System.gc();
                }
                if (opt.phases && failures == 0) {
                    phases(policy, definition);
                }
            } finally {
                registry.close();
                policies.close();
                if (!opt.keepData) {
                    deleteTree(dataDir);
                }
            }
            summary(policy, last, failures, loadAtStart, memoryAtStart, store);
            return failures == 0 ? 0 : 1;
        }

        /** One round: a fresh project id, the rules (timed), the loop (timed), the comparison. */
        private Verdict round(ProjectRegistry registry, ObjectNode definition, String projectId) throws IOException {
            definition.put("project_id", projectId);
            ProjectSpec spec = Json.MAPPER.treeToValue(definition, ProjectSpec.class);

            Stopwatch watch = Stopwatch.start();
            ProjectRuntime rt = registry.create(spec, "benchmark");
            Lap rules = watch.lap();

            Map<String, String> byRules = new HashMap<>();
            Map<String, Double> ledgerScores = new HashMap<>();
            int[] ledgerSize = new int[1];
            Map<DecisionKind, Integer> kinds = new TreeMap<>();
            rt.read(s -> {
                for (Task t : s.tasks()) {
                    byRules.put(t.getTaskId(), t.getAssignee());
                }
                for (Decision d : s.ledger()) {
                    kinds.merge(d.getKind(), 1, Integer::sum);
                    if (d.getKind() == DecisionKind.ASSIGNED) {
                        ledgerScores.put(d.getTaskId(), d.getScore());
                    }
                }
                ledgerSize[0] = s.ledger().size();
                return null;
            });
            registry.delete(projectId);

            watch = Stopwatch.start();
            LoopResult loop = ReferenceLoop.assign(spec);
            Lap loopLap = watch.lap();

            List<String> mismatches = new ArrayList<>();
            int assigned = 0;
            int scoreMismatches = 0;
            for (ProjectSpec.TaskSpec t : spec.tasksOrEmpty()) {
                String want = loop.assignee.get(t.taskId());
                String got = byRules.get(t.taskId());
                if (got != null) {
                    assigned++;
                }
                if (want == null ? got != null : !want.equals(got)) {
                    mismatches.add(t.taskId() + ": rules gave " + got + ", loop gave " + want);
                } else if (want != null) {
                    Double ledger = ledgerScores.get(t.taskId());
                    if (ledger == null || ledger.doubleValue() != loop.score.get(t.taskId()).doubleValue()) {
                        scoreMismatches++;
                    }
                }
            }
            return new Verdict(rules, loopLap, assigned, loop.assignee.size(), ledgerSize[0], kinds,
                    mismatches, scoreMismatches);
        }

        /**
         * Where the rules' time goes, once, after the measured rounds (warm JIT): the steps of
         * registry.create taken one by one, and the firing itself with and without listeners.
         */
        private void phases(Policy policy, ObjectNode definition) throws IOException {
            out("");
            out("phases of one create, each timed once on its own (warm):");
            definition.put("project_id", "bench-phases");

            long t0 = System.nanoTime();
            ProjectSpec spec = Json.MAPPER.convertValue(definition, ProjectSpec.class);
            long convert = System.nanoTime() - t0;
            t0 = System.nanoTime();
            ProjectFacts facts = ProjectFacts.of(spec);
            long factsNanos = System.nanoTime() - t0;
            out("  JSON tree -> ProjectSpec (convertValue)          %8.1f ms", convert / 1e6);
            out("  ProjectSpec -> facts (ProjectFacts.of)           %8.1f ms", factsNanos / 1e6);

            // Bare Drools: a session of the same KieBase, no listener at all.
            long[] bare = bareFire(policy, facts, null);
            firings = bare[2];
            out("  bare KieSession: insert %d facts                %8.1f ms", factCount(facts), bare[0] / 1e6);
            out("  bare KieSession: fireAllRules (no listener)      %8.1f ms [cpu %.1f] (%d firings)", bare[1] / 1e6,
                    bare[3] / 1e6, bare[2]);

            // The same with a listener that times each consequence (right-hand side) by rule.
            RuleClock clock = new RuleClock();
            long[] timed = bareFire(policy, ProjectFacts.of(spec), clock);
            long rhs = clock.nanos.values().stream().mapToLong(Long::longValue).sum();
            out("  bare KieSession: fireAllRules (timing listener)  %8.1f ms [cpu %.1f], of which consequences"
                    + " %.1f ms, matching/agenda %.1f ms (wall)", timed[1] / 1e6, timed[3] / 1e6, rhs / 1e6,
                    (timed[1] - rhs) / 1e6);
            clock.nanos.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .forEach(e -> out("      %-62s %6d x %8.1f ms", "'" + e.getKey() + "'",
                            clock.count.get(e.getKey()), e.getValue() / 1e6));

            // The engine's own session: the ledger listener (describe() of every match, decisions drained).
            Stopwatch watch = Stopwatch.start();
            ProjectSession session = ProjectSession.start(spec, policy, MAX_FIRINGS, 1);
            Lap withLedger = watch.lap();
            int ledger = session.ledger().size();
            session.close();
            out("  ProjectSession.start (facts, insert, fire, ledger listener) %8.1f ms [cpu %.1f] (%d decisions)",
                    withLedger.wallMs(), withLedger.cpuMs(), ledger);

            // The journal line: serialising the whole definition, writing it, forcing it to disk.
            JournalEntry<ProjectCommand> entry = new JournalEntry<>(1, "benchmark", policy.version(), Instant.now(),
                    CreateProject.of(spec));
            t0 = System.nanoTime();
            byte[] line = CommandCodec.PROJECT.toLine(entry).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            long serialise = System.nanoTime() - t0;
            try (FileJournal<ProjectCommand> journal = new FileJournal<>(dataDir.resolve("phases"), CommandCodec.PROJECT)) {
                t0 = System.nanoTime();
                journal.append(entry);
                long append = System.nanoTime() - t0;
                out("  journal: serialise the entry (%s)            %8.1f ms", kb(line.length), serialise / 1e6);
                out("  journal: append = serialise + write + fsync      %8.1f ms", append / 1e6);
            }
        }

        private void summary(Policy policy, Verdict last, int failures, String loadAtStart, String memoryAtStart,
                FileStore store) {
            double medRules = median(measured.stream().mapToDouble(v -> v.rules.wallMs()));
            double medLoop = median(measured.stream().mapToDouble(v -> v.loop.wallMs()));
            double medRatio = median(measured.stream().mapToDouble(Verdict::wallRatio));
            double medRulesCpu = median(measured.stream().mapToDouble(v -> v.rules.cpuMs()));
            double medLoopCpu = median(measured.stream().mapToDouble(v -> v.loop.cpuMs()));
            double medCpuRatio = median(measured.stream().mapToDouble(Verdict::cpuRatio));
            Runtime rt = Runtime.getRuntime();
            StringBuilder b = new StringBuilder();
            String rule = "-".repeat(78);
            b.append(rule).append('\n');
            b.append(String.format(Locale.ROOT, "Conclave assignment benchmark (AssignmentBenchmark, policy %s)%n",
                    policy.version()));
            b.append(String.format(Locale.ROOT,
                    "workload : %d tasks (1-3 required skills, no dependencies, all READY at once), %d agents%n"
                            + "           (2-4 skills of %d, max_open_tasks %d), seed %d%n",
                    opt.tasks, opt.agents, SKILLS.length, opt.maxOpen, opt.seed));
            b.append(String.format(Locale.ROOT, "machine  : %d cores (nproc), Java %s (%s), max heap %d MB (%s),%n"
                            + "           collector %s, load average %s at start, %s at end (other processes share"
                            + " these cores),%n           %s at start, %s at end%n",
                    rt.availableProcessors(), System.getProperty("java.runtime.version"),
                    System.getProperty("java.vm.name"), rt.maxMemory() >> 20, BenchJvm.heapAtStart(),
                    BenchJvm.collector(), loadAtStart, loadAverage(), memoryAtStart, MemoryProbe.describe()));
            b.append(String.format(Locale.ROOT, "rules    : ProjectRegistry.create = spec -> facts, fire to "
                    + "quiescence, ledger,%n           one journal line (%s) forced to disk; KieBase build excluded%n",
                    store.type()));
            b.append("loop     : plain Java, same policy (serving order, eligibility, score, ties), from the spec\n");
            b.append(String.format(Locale.ROOT, "%-10s %10s %10s %11s   [%9s %9s %9s]%n", "round", "rules ms",
                    "loop ms", "rules/loop", "rules cpu", "loop cpu", "cpu ratio"));
            for (int i = 0; i < measured.size(); i++) {
                Verdict v = measured.get(i);
                b.append(String.format(Locale.ROOT, "%-10s %10.1f %10.1f %10.1fx   [%9.1f %9.1f %8.1fx]%n",
                        "round " + (i + 1), v.rules.wallMs(), v.loop.wallMs(), v.wallRatio(), v.rules.cpuMs(),
                        v.loop.cpuMs(), v.cpuRatio()));
            }
            b.append(String.format(Locale.ROOT, "%-10s %10.1f %10.1f %10.1fx   [%9.1f %9.1f %8.1fx]%n", "median",
                    medRules, medLoop, medRatio, medRulesCpu, medLoopCpu, medCpuRatio));
            b.append("           (ms are wall-clock; [cpu] is CPU time of the benchmark thread; ratios are medians"
                    + " of the per-round ratios)\n");
            if (last != null) {
                b.append(String.format(Locale.ROOT, "result   : %d of %d tasks assigned by the rules, %d by the loop;"
                                + " ledger %d decisions %s%s%n", last.assigned, opt.tasks, last.loopAssigned,
                        last.ledgerSize, last.kinds, firings < 0 ? "" : ",\n           " + firings
                                + " rule firings (counted on a bare session in the phases)"));
            }
            b.append(failures == 0 ? "verdict  : the rules and the loop gave every task the same assignee in every "
                    + "round\n" : "verdict  : MISMATCH in " + failures + " round(s): the rules and the loop disagree\n");
            b.append(String.format(Locale.ROOT, "target   : all %d assigned in < 2000 ms: %s (median %.0f ms); "
                            + "stretch <= 5x the loop: %s (%.1fx)%n", opt.tasks,
                    medRules < 2000 && last != null && last.assigned == opt.tasks ? "MET" : "NOT MET", medRules,
                    medRatio <= 5 ? "MET" : "NOT MET", medRatio));
            b.append(rule);
            System.out.println();
            System.out.println(b);
        }
    }

    record Verdict(Lap rules, Lap loop, int assigned, int loopAssigned, int ledgerSize,
                   Map<DecisionKind, Integer> kinds, List<String> mismatches, int scoreMismatches) {
        double wallRatio() {
            return (double) rules.wallNanos / loop.wallNanos;
        }

        double cpuRatio() {
            return (double) rules.cpuNanos / loop.cpuNanos;
        }
    }

    /** Wall-clock and CPU time of the current thread since a start. */
    record Stopwatch(long wall, long cpu, long user) {
        private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

        static Stopwatch start() {
            return new Stopwatch(System.nanoTime(), cpuNow(), userNow());
        }

        Lap lap() {
            return new Lap(System.nanoTime() - wall, cpuNow() - cpu, userNow() - user);
        }

        private static long cpuNow() {
            return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : 0;
        }

        private static long userNow() {
            return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadUserTime() : 0;
        }
    }

    /**
     * A timed section: wall-clock, the thread's CPU (user + kernel) and its user time alone. The kernel's share is
     * mostly page faults: memory the heap takes that the process has not touched before.
     */
    record Lap(long wallNanos, long cpuNanos, long userNanos) {
        double kernelMs() {
            return (cpuNanos - userNanos) / 1e6;
        }

        double wallMs() {
            return wallNanos / 1e6;
        }

        double cpuMs() {
            return cpuNanos / 1e6;
        }
    }

    // ================================================================ the reference loop

    record LoopResult(Map<String, String> assignee, Map<String, Double> score) {
    }

    /**
     * The assignment policy written as a plain loop, independently of the DRL: serve tasks by priority
     * (high first), scheduled date (early first, undated last) and id; give each to the eligible agent
     * with the highest score, ties to fewer open hours, then the smaller agent id.
     */
    static final class ReferenceLoop {
        private ReferenceLoop() {
        }

        static LoopResult assign(ProjectSpec spec) {
            List<ProjectSpec.AgentSpec> agentSpecs = spec.agentsOrEmpty();
            int n = agentSpecs.size();
            String[] ids = new String[n];
            List<Map<String, Double>> skills = new ArrayList<>(n);
            List<Map<String, Double>> prefs = new ArrayList<>(n);
            int[] capacity = new int[n];
            int[] openTasks = new int[n];
            double[] openHours = new double[n];
            for (int i = 0; i < n; i++) {
                ProjectSpec.AgentSpec a = agentSpecs.get(i);
                ids[i] = a.agentId();
                skills.add(a.skillsOrEmpty());
                prefs.add(a.preferencesOrEmpty());
                capacity[i] = a.maxOpenTasks() == null ? ProjectSpec.DEFAULT_MAX_OPEN_TASKS : a.maxOpenTasks();
            }

            record Queued(ProjectSpec.TaskSpec spec, int priority, LocalDateTime date) {
            }
            List<Queued> queue = new ArrayList<>();
            for (ProjectSpec.TaskSpec t : spec.tasksOrEmpty()) {
                queue.add(new Queued(t, t.priorityOrDefault(), Dates.parse(t.scheduledDate())));
            }
            queue.sort(Comparator.comparingInt((Queued q) -> -q.priority)
                    .thenComparing(Queued::date, Comparator.nullsLast(Comparator.naturalOrder()))
                    .thenComparing(q -> q.spec.taskId()));

            Map<String, String> assignee = new HashMap<>();
            Map<String, Double> scores = new HashMap<>();
            for (Queued q : queue) {
                ProjectSpec.TaskSpec t = q.spec;
                Map<String, Double> required = t.requiredSkillsOrEmpty();
                String type = t.taskType();
                int best = -1;
                double bestScore = 0;
                for (int i = 0; i < n; i++) {
                    if (openTasks[i] >= capacity[i]) {
                        continue;
                    }
                    Map<String, Double> has = skills.get(i);
                    double sum = 0;
                    boolean qualified = true;
                    for (Map.Entry<String, Double> need : required.entrySet()) {
                        Double level = has.get(need.getKey());
                        double l = level == null ? 0 : level;
                        if (l < need.getValue()) {
                            qualified = false;
                            break;
                        }
                        sum += l * need.getValue();
                    }
                    if (!qualified) {
                        continue;
                    }
                    Double pref = type == null ? null : prefs.get(i).get(type);
                    sum += 0.1 * (pref == null ? 0 : pref) - openHours[i];
                    double score = Math.round(sum * 1e6) / 1e6;
                    if (best < 0 || score > bestScore
                            || score == bestScore && (openHours[i] < openHours[best]
                                || openHours[i] == openHours[best] && ids[i].compareTo(ids[best]) < 0)) {
                        best = i;
                        bestScore = score;
                    }
                }
                if (best >= 0) {
                    assignee.put(t.taskId(), ids[best]);
                    scores.put(t.taskId(), bestScore);
                    openTasks[best]++;
                    openHours[best] += t.hoursOrDefault();
                }
            }
            return new LoopResult(assignee, scores);
        }
    }

    // ================================================================ the generated project

    /** A deterministic project definition (project JSON, snake_case) for the options' sizes and seed. */
    static ObjectNode generate(Options opt) {
        SplittableRandom rnd = new SplittableRandom(opt.seed);
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("project_id", "bench");
        root.put("title", "Assignment benchmark");
        root.put("description", "Generated: " + opt.tasks + " independent tasks, " + opt.agents + " agents, seed "
                + opt.seed);
        root.put("execution_mode", "fully_automated");
        ObjectNode scheduling = root.putObject("scheduling");
        scheduling.put("mode", "distributed");
        scheduling.put("start_date", FIRST_DAY.atTime(9, 0) + ":00");
        scheduling.put("compress_timeline", false);
        scheduling.put("auto_adjust_dates", true);

        List<Map<String, Integer>> agentSkills = new ArrayList<>();
        ArrayNode agents = root.putArray("agents");
        for (int i = 1; i <= opt.agents; i++) {
            Map<String, Integer> skills = new LinkedHashMap<>();
            int count = 2 + rnd.nextInt(3);
            for (String s : pick(rnd, SKILLS, count)) {
                skills.put(s, 1 + rnd.nextInt(10));
            }
            agentSkills.add(skills);
            ObjectNode a = agents.addObject();
            a.put("agent_id", String.format("a%04d", i));
            a.put("name", "Agent " + i);
            a.put("occupation", OCCUPATIONS[rnd.nextInt(OCCUPATIONS.length)]);
            ObjectNode sk = a.putObject("skill_levels");
            skills.forEach(sk::put);
            ObjectNode pr = a.putObject("preferences");
            for (String type : pick(rnd, TASK_TYPES, 1 + rnd.nextInt(3))) {
                pr.put(type, 1 + rnd.nextInt(10));
            }
            a.put("max_open_tasks", opt.maxOpen);
        }

        ArrayNode tasks = root.putArray("tasks");
        for (int i = 1; i <= opt.tasks; i++) {
            Map<String, Integer> required;
            int attempts = 0;
            do {
                required = new LinkedHashMap<>();
                // after many misses (only possible with tiny agent counts), copy part of an agent's skills
                if (++attempts > 200) {
                    Map<String, Integer> from = agentSkills.get(rnd.nextInt(agentSkills.size()));
                    String s = from.keySet().iterator().next();
                    required.put(s, 1);
                    break;
                }
                for (String s : pick(rnd, SKILLS, 1 + rnd.nextInt(3))) {
                    required.put(s, 1 + rnd.nextInt(6));
                }
            } while (qualifiedAgents(required, agentSkills) < MIN_QUALIFIED);
            ObjectNode t = tasks.addObject();
            t.put("task_id", String.format("t%05d", i));
            t.put("description", "Benchmark task " + i);
            if (rnd.nextInt(100) >= 15) { // 15% undated, served after the dated ones of their priority
                LocalDateTime at = FIRST_DAY.plusDays(rnd.nextInt(60)).atTime(9 + rnd.nextInt(9), 0);
                t.put("scheduled_date", at + ":00");
            }
            t.put("estimated_hours", 1 + rnd.nextInt(8));
            t.put("priority", 1 + rnd.nextInt(5));
            t.put("meeting_required", false);
            t.putArray("attendees");
            ObjectNode rs = t.putObject("required_skills");
            required.forEach(rs::put);
            t.putArray("dependencies");
            t.putArray("follow_up_tasks");
            t.put("task_type", TASK_TYPES[rnd.nextInt(TASK_TYPES.length)]);
        }
        return root;
    }

    private static int qualifiedAgents(Map<String, Integer> required, List<Map<String, Integer>> agentSkills) {
        int n = 0;
        for (Map<String, Integer> has : agentSkills) {
            boolean ok = true;
            for (Map.Entry<String, Integer> need : required.entrySet()) {
                if (has.getOrDefault(need.getKey(), 0) < need.getValue()) {
                    ok = false;
                    break;
                }
            }
            if (ok && ++n >= MIN_QUALIFIED) {
                return n;
            }
        }
        return n;
    }

    /** {@code count} distinct entries of {@code pool}, in random order. */
    private static List<String> pick(SplittableRandom rnd, String[] pool, int count) {
        String[] copy = Arrays.copyOf(pool, pool.length);
        for (int i = 0; i < count; i++) {
            int j = i + rnd.nextInt(copy.length - i);
            String tmp = copy[i];
            copy[i] = copy[j];
            copy[j] = tmp;
        }
        return List.of(Arrays.copyOf(copy, count));
    }

    // ================================================================ helpers

    /** Times each rule's consequence (right-hand side) and counts its firings. */
    private static final class RuleClock extends DefaultAgendaEventListener {
        final Map<String, Long> nanos = new HashMap<>();
        final Map<String, Integer> count = new HashMap<>();
        private long started;

        @Override
        public void beforeMatchFired(BeforeMatchFiredEvent event) {
            started = System.nanoTime();
        }

        @Override
        public void afterMatchFired(AfterMatchFiredEvent event) {
            String rule = event.getMatch().getRule().getName();
            nanos.merge(rule, System.nanoTime() - started, Long::sum);
            count.merge(rule, 1, Integer::sum);
        }
    }

    /** Inserts the facts into a new session and fires: {insert nanos, fire nanos, firings, fire cpu nanos}. */
    private static long[] bareFire(Policy policy, ProjectFacts facts, RuleClock clock) {
        KieSessionConfiguration conf = KieServices.Factory.get().newKieSessionConfiguration();
        conf.setOption(ClockTypeOption.PSEUDO);
        KieSession session = policy.kieBase(io.conclave.engine.policy.SessionKind.PROJECT).newKieSession(conf, null);
        io.conclave.engine.project.IndexGlobals.install(session); // the tasks and agents by id the rules read, as in every project session
        try {
            if (clock != null) {
                session.addEventListener(clock);
            }
            Stopwatch watch = Stopwatch.start();
            facts.insertInto(session::insert);
            Lap insert = watch.lap();
            watch = Stopwatch.start();
            int fired = session.fireAllRules(MAX_FIRINGS);
            Lap fire = watch.lap();
            return new long[] {insert.wallNanos, fire.wallNanos, fired, fire.cpuNanos};
        } finally {
            session.dispose();
        }
    }

    private static int factCount(ProjectFacts f) {
        return f.agents().size() + f.tasks().size() + f.edges().size();
    }

    private static double median(java.util.stream.DoubleStream values) {
        double[] sorted = values.sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    private static String kb(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0);
    }

    private static String loadAverage() {
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return load < 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", load);
    }

    private static void out(String format, Object... args) {
        System.out.println(String.format(Locale.ROOT, format, args));
    }

    private static void deleteTree(Path root) throws IOException {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
